import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ArmSizes, MetricBaseline } from '@llm-canary/core'
import { planExperiment } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { parseExperimentText } from '../../experiment-file.ts'
import { runInProcess } from '../cli.fixture.ts'

function experimentText(analysis = ''): string {
  return `experiment: plan-test
arms:
  control: { model: openai:gpt-4.1, weight: 80 }
  candidate: { model: openai:gpt-5, weight: 20 }
guardrails:
  latency_p95_ms: { max_increase: 10% }
  cost_per_run_usd: { max_increase: 10% }
  error_rate: { max_increase: 1pp }
${analysis}`
}

function write(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-canary-plan-'))
  writeFileSync(join(dir, 'exp.yaml'), text)
  return join(dir, 'exp.yaml')
}

const FLAGS = [
  '-b',
  'error_rate=0.02',
  '-b',
  'cost_per_run_usd=0.046,sd=0.0245',
  '-b',
  'latency_p95_ms=sigma=0.5',
]
const BASELINES: Record<string, MetricBaseline> = {
  error_rate: { kind: 'rate', rate: 0.02 },
  cost_per_run_usd: { kind: 'mean', mean: 0.046, sd: 0.0245 },
  latency_p95_ms: { kind: 'lognormal', sigma: 0.5 },
}

function sizes(value: ArmSizes | undefined): string {
  if (value === undefined) throw new Error('not sized')
  return `${Math.ceil(value.control).toLocaleString('en-US')} / ${Math.ceil(value.candidate).toLocaleString('en-US')}`
}

function rowOf(stdout: string, metric: string): string[] {
  const line = stdout.split('\n').find((l) => l.trimStart().startsWith(`${metric} `))
  if (line === undefined) throw new Error(`no row for ${metric}`)
  return line.trim().split(/\s{2,}/)
}

describe('llm-canary plan', () => {
  it('shows each guardrail’s design and its fail-side, pass-side, horizon and reference sizes', async () => {
    const text = experimentText()
    const { status, stdout } = await runInProcess(['plan', write(text), ...FLAGS, '--traffic', '5000'])
    expect(status).toBe(0)
    const plan = planExperiment(parseExperimentText(text, 'exp.yaml').experiment, BASELINES)
    expect(stdout.split('\n')[0]).toBe(
      'Plan for plan-test: alpha 0.05 over 3 tests (0.0167 each, one-sided), power 0.8, method sequential, fail_rule bound',
    )
    for (const g of plan.guardrails) {
      expect(rowOf(stdout, g.metric)).toEqual([
        g.metric,
        'candidate',
        g.method,
        g.metric === 'latency_p95_ms' ? 'group-sequential-quantile' : 'group-sequential',
        sizes(g.failSide),
        sizes(g.passSide),
        sizes(g.groupSequential),
        sizes(g.fixedHorizon),
      ])
    }
    expect(stdout).toMatch(
      /Design group-sequential-quantile for latency_p95_ms \(candidate\): .*McKean–Schrader\)\.\n/,
    )
    expect(stdout).toMatch(
      /Design group-sequential for cost_per_run_usd \(candidate\), error_rate \(candidate\): .*O’Brien–Fleming/,
    )
    expect(stdout).toContain(`max_units_per_arm: ${plan.plannedUnitsPerArm}`)
    expect(stdout).toMatch(/-> \d+(\.\d)? days at 5,000 sessions\/day/)
  })

  it("counts in the experiment's unit", async () => {
    const text = experimentText().replace('experiment: plan-test\n', 'experiment: plan-test\nunit: user\n')
    const { stdout } = await runInProcess(['plan', write(text), ...FLAGS])
    expect(stdout).toContain('Sizes are control / candidate users (sizing:')
    expect(stdout).toMatch(
      /^Users needed \(sequential\): control [\d,]+, candidate [\d,]+ \(give --traffic USERS_PER_DAY for the days\)\.$/m,
    )
    const withTraffic = await runInProcess(['plan', write(text), ...FLAGS, '--traffic', '5000'])
    expect(withTraffic.stdout).toMatch(/ -> [\d.]+ days at 5,000 users\/day\.$/m)
    await expect(runInProcess(['plan', write(text), ...FLAGS, '--traffic', 'lots'])).resolves.toMatchObject({
      stderr: expect.stringContaining('give the users per day as a positive number'),
    })
    expect(stdout).not.toMatch(/session/i)
  })

  it('sizes twice the tolerance against the tolerance on the fail side, beyond the tolerance against 0', async () => {
    const { stdout } = await runInProcess(['plan', write(experimentText()), ...FLAGS])
    const [, , , , failSide, passSide, horizon, reference] = rowOf(stdout, 'cost_per_run_usd')
    const candidate = (cell: string | undefined) => Number(cell?.split(' / ')[1]?.replace(/,/g, ''))
    // A relative regression of +20% has a wider spread and Fieller weighs control by 1.1: the fail side
    // needs more than the tolerance against 0, and the horizon more than either side's one look.
    expect(candidate(failSide)).toBeGreaterThan(candidate(passSide))
    expect(candidate(failSide)).toBeGreaterThan(candidate(reference))
    expect(candidate(horizon)).toBeGreaterThan(candidate(failSide))
  })

  it('names the open-ended and fixed designs and sizes their horizon', async () => {
    const open = await runInProcess([
      'plan',
      write(experimentText('analysis: { method: open_ended }\n')),
      ...FLAGS,
    ])
    expect(rowOf(open.stdout, 'error_rate')[3]).toBe('open-ended')
    expect(open.stdout).toMatch(
      /Design open-ended for .*: method: open_ended: always-valid confidence sequences/,
    )
    const fixedText = experimentText('analysis: { method: fixed }\n')
    const fixed = await runInProcess(['plan', write(fixedText), ...FLAGS])
    const plan = planExperiment(parseExperimentText(fixedText, 'exp.yaml').experiment, BASELINES)
    const error = plan.guardrails.find((g) => g.metric === 'error_rate')
    const [, , , design, failSide, , horizon] = rowOf(fixed.stdout, 'error_rate')
    expect(design).toBe('fixed')
    expect(horizon).toBe(failSide)
    expect(horizon).toBe(sizes(error?.failSide))
  })

  it('says which guardrails it could not size and how to give a baseline', async () => {
    const { status, stdout } = await runInProcess(['plan', write(experimentText()), '-b', 'error_rate=0.02'])
    expect(status).toBe(0)
    expect(rowOf(stdout, 'cost_per_run_usd').slice(2)).toEqual(['none', '-', '-', '-', '-', '-'])
    expect(stdout).toContain(
      'cost_per_run_usd (candidate): not sized, no baseline given for cost_per_run_usd; e.g. --baseline cost_per_run_usd=0.04,sd=0.03',
    )
  })
})
