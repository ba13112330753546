import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { assignArm, loadExperiment } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { repoRoot, runBuiltCli } from '../helpers/cli.ts'

const demoExperiment = 'examples/demo/experiment.yaml'
const broken = 'test/fixtures/broken.yaml'

describe('llm-canary (built CLI)', () => {
  it('prints help for the program and every command, exit 0', () => {
    const top = runBuiltCli(['--help'])
    expect(top.status).toBe(0)
    expect(top.stdout).toMatch(/validate/)
    expect(top.stdout).toMatch(/assign/)
    expect(top.stdout).toMatch(/Exit codes: 0 pass, 1 fail, 2 usage/)
    for (const command of ['validate', 'assign']) {
      const help = runBuiltCli([command, '--help'])
      expect(help.status).toBe(0)
      expect(help.stdout).toMatch(new RegExp(`Usage: llm-canary ${command}`))
    }
  })

  it('validates the demo experiment, exit 0', () => {
    const run = runBuiltCli(['validate', demoExperiment])
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/invoice-extraction-2026-11 is valid/)
    expect(run.stdout).toMatch(/candidate\s+openai:gpt-5\s+20%/)
  })

  it('lists every problem of a broken file with its line, exit 2, no stack trace', () => {
    const run = runBuiltCli(['validate', broken])
    expect(run.status).toBe(2)
    const lines = run.stderr.split('\n').filter((l) => l.startsWith(`  ${broken}:`))
    const where = (path: string) => lines.find((l) => l.includes(`  ${path}`))
    expect(where('experiment:'), run.stderr).toMatch(new RegExp(`^  ${broken}:2:`))
    expect(where('unit:'), run.stderr).toMatch(new RegExp(`^  ${broken}:3:`))
    expect(where('arms.candidate.model:'), run.stderr).toMatch(new RegExp(`^  ${broken}:6:`))
    expect(where('guardrails.latency_p95'), run.stderr).toMatch(/latency_p95_ms/)
    expect(where('guardrails.accuracy'), run.stderr).toMatch(/max_decrease/)
    expect(where('guardrails.error_rate.max_increase:'), run.stderr).toMatch(new RegExp(`^  ${broken}:10:`))
    expect(where('analysis.alpha:'), run.stderr).toBeDefined()
    expect(where('analysis.method:'), run.stderr).toBeDefined()
    expect(run.stderr).toMatch(/control/)
    expect(lines.length).toBeGreaterThanOrEqual(9)
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })

  it('says which file is missing, exit 2', () => {
    const run = runBuiltCli(['validate', 'nope/experiment.yaml'])
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/cannot read experiment file nope\/experiment.yaml: no such file/)
  })

  it('rejects unknown commands and missing options, exit 2', () => {
    expect(runBuiltCli(['bogus']).status).toBe(2)
    const noUnit = runBuiltCli(['assign', demoExperiment])
    expect(noUnit.status).toBe(2)
    expect(noUnit.stderr).toMatch(/--unit/)
  })

  it('assigns exactly as the library does, in every process', () => {
    const units = ['session-1', 'session-2', 'user@example.com', '日本-42']
    const run = runBuiltCli(['assign', demoExperiment, ...units.flatMap((u) => ['--unit', u]), '--json'])
    expect(run.status, run.stderr).toBe(0)
    const rows = JSON.parse(run.stdout) as { unitId: string; arm: string; bucket: number }[]
    const experiment = loadExperiment(parse(readFileSync(join(repoRoot, demoExperiment), 'utf8')))
    expect(rows.map((r) => r.unitId)).toEqual(units)
    for (const row of rows) {
      const expected = assignArm(experiment, row.unitId)
      expect(row.arm).toBe(expected.arm)
      expect(row.bucket).toBe(expected.bucket)
    }
  })

  it('shows the served model per agent scope', () => {
    const run = runBuiltCli(['assign', demoExperiment, '--unit', 'a', '--agent', 'validator', '--json'])
    expect(run.status).toBe(0)
    const [row] = JSON.parse(run.stdout) as { servedArm: string; servedModel: string }[]
    expect(row).toMatchObject({ servedArm: 'control', servedModel: 'openai:gpt-4.1' })
  })

  it('runs under the launcher heap limit, and says what is wrong with a bad LLM_CANARY_MAX_HEAP_MB', () => {
    expect(runBuiltCli(['--version'], { env: { LLM_CANARY_MAX_HEAP_MB: '2048' } }).status).toBe(0)
    const bad = runBuiltCli(['--version'], { env: { LLM_CANARY_MAX_HEAP_MB: 'lots' } })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/LLM_CANARY_MAX_HEAP_MB is "lots"/)
  })
})
