import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runInProcess } from './cli.fixture.ts'
import { VERSION } from './version.ts'

const run = runInProcess

function experimentFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-canary-cli-'))
  writeFileSync(join(dir, 'exp.yaml'), text)
  return join(dir, 'exp.yaml')
}

const valid = `experiment: exp-1
arms:
  control: { model: openai:gpt-4.1, weight: 50 }
  candidate: { model: openai:gpt-5, weight: 50 }
scope: { agents: [writer] }
guardrails:
  error_rate: { max_increase: 1pp }
`

describe('runCli', () => {
  it('keeps VERSION equal to package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    expect(VERSION).toBe(pkg.version)
    const { status, stdout } = await run(['--version'])
    expect(status).toBe(0)
    expect(stdout.trim()).toBe(pkg.version)
  })

  it('exits 2 on usage errors and says what is wrong', async () => {
    const unknown = await run(['validate', 'x.yaml', '--bogus'])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toMatch(/unknown option '--bogus'/)
    const none = await run([])
    expect(none.status).toBe(2)
    expect(none.stderr).toMatch(/Usage: llm-canary/)
  })

  it('validate: prints the summary on stdout, exit 0', async () => {
    const { status, stdout } = await run(['validate', experimentFile(valid)])
    expect(status).toBe(0)
    expect(stdout).toMatch(/experiment exp-1 is valid/)
    expect(stdout).toMatch(/scope\s+writer/)
    expect(stdout).toMatch(/error_rate\s+max_increase 1pp/)
  })

  it('validate --json: the normalised experiment', async () => {
    const { status, stdout } = await run(['validate', experimentFile(valid), '--json'])
    expect(status).toBe(0)
    const out = JSON.parse(stdout) as {
      valid: boolean
      experiment: { arms: { weightBasisPoints: number }[] }
    }
    expect(out.valid).toBe(true)
    expect(out.experiment.arms.map((a) => a.weightBasisPoints)).toEqual([5000, 5000])
  })

  it('validate: every problem on stderr with file:line:col, exit 2', async () => {
    const file = experimentFile(
      valid.replace('weight: 50 }\n  candidate', 'weight: 40 }\n  candidate').replace('1pp', 'lots'),
    )
    const { status, stdout, stderr } = await run(['validate', file])
    expect(status).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:\\d+  guardrails\\.error_rate`),
    )
    expect(stderr).toMatch(/sum/)
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  it('assign: a table of unit, arm, model and bucket; --agent shows the served model', async () => {
    const file = experimentFile(valid)
    const { status, stdout } = await run(['assign', file, '-u', 's1', '-u', 's2', '--agent', 'reader'])
    expect(status).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^unit\s+arm\s+model\s+bucket\s+shadow\s+served to reader$/)
    expect(lines).toHaveLength(4)
    // `reader` is outside the scope: whatever the arm, it is served control's model
    expect(lines[1]).toMatch(/openai:gpt-4\.1 \(control\)$/)
    expect(lines[2]).toMatch(/openai:gpt-4\.1 \(control\)$/)
  })
})

describe('runCli plan', () => {
  it('sizes each guardrail and the days at the given traffic', async () => {
    const file = experimentFile(valid)
    const { status, stdout } = await run(['plan', file, '-b', 'error_rate=0.02', '--traffic', '1000'])
    expect(status).toBe(0)
    expect(stdout).toMatch(/error_rate\s+candidate\s+two-proportions/)
    expect(stdout).toMatch(/days at 1,000 sessions\/day/)
    expect(stdout).toMatch(/max_units_per_arm: \d+/)
  })

  it('--json gives the plan, and says what cannot be sized', async () => {
    const file = experimentFile(valid)
    const { status, stdout } = await run(['plan', file, '--json'])
    expect(status).toBe(0)
    const plan = JSON.parse(stdout) as { guardrails: { method: string; note?: string }[] }
    expect(plan.guardrails[0]).toMatchObject({ method: 'none', note: expect.stringMatching(/no baseline/) })
  })

  it('exits 2 on a malformed baseline or traffic', async () => {
    const file = experimentFile(valid)
    expect((await run(['plan', file, '-b', 'error_rate=2'])).status).toBe(2)
    const traffic = await run(['plan', file, '--traffic', 'lots'])
    expect(traffic.status).toBe(2)
    expect(traffic.stderr).toMatch(/--traffic lots/)
  })
})
