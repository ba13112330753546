import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodeOtlpJsonLine } from '../analysis/otlp-json-lines.ts'
import type { SyntheticRegression } from '../analysis/synthetic-profiles.fixture.ts'
import { generateSyntheticSpans } from '../analysis/synthetic-traces.fixture.ts'
import { parseExperimentText } from '../experiment-file.ts'
import { runInProcess } from './cli.fixture.ts'

const experimentText = `experiment: cli-analyze
arms:
  control: { model: openai:gpt-4.1, weight: 50 }
  candidate: { model: openai:gpt-5, weight: 50 }
pricing:
  openai:gpt-5: { input: 2, output: 8 }
guardrails:
  latency_p95_ms: { max_increase: 25% }
  cost_per_run_usd: { max_increase: 25% }
  error_rate: { max_increase: 5pp }
analysis: { min_units_per_arm: 100, max_units_per_arm: 1200 }
`

/** Writes an experiment file and a generated OTLP JSON Lines trace file, as a user's exporter would. */
function writeTraces(regression?: SyntheticRegression): { dir: string; experiment: string; traces: string } {
  const dir = mkdtempSync(join(tmpdir(), 'llm-canary-analyze-'))
  const experiment = join(dir, 'experiment.yaml')
  writeFileSync(experiment, experimentText)
  const spans = generateSyntheticSpans({
    experiment: parseExperimentText(experimentText, experiment).experiment,
    sessions: 2000,
    seed: 7,
    startMs: Date.now() - 3 * 86_400_000,
    sessionIntervalMs: 60_000,
    profile: { latencySigma: 0.2, errorRate: 0.01 },
    ...(regression === undefined ? {} : { regression }),
  })
  const lines: string[] = []
  for (let i = 0; i < spans.length; i += 500) lines.push(encodeOtlpJsonLine(spans.slice(i, i + 500)))
  const traces = join(dir, 'traces.jsonl')
  writeFileSync(traces, `${lines.join('\n')}\n`)
  return { dir, experiment, traces }
}

const run = runInProcess

describe('llm-canary analyze over a generated trace file', () => {
  it('passes a healthy candidate (exit 0) and prints the verdict first', async () => {
    const { experiment, traces } = writeTraces()
    const { status, stdout, stderr } = await run(['analyze', '-e', experiment, '-s', `file:${traces}`])
    expect(stderr).toBe('')
    expect(stdout.split('\n')[0]).toMatch(/PASS/)
    expect(status).toBe(0)
  })

  it('fails a candidate with a known regression (exit 1); json and markdown say the same', async () => {
    const { dir, experiment, traces } = writeTraces({ arm: 'candidate', agent: 'writer', latencyFactor: 2 })
    const table = await run(['analyze', '-e', experiment, '-s', `file:${traces}`])
    expect(table.status).toBe(1)
    expect(table.stdout.split('\n')[0]).toMatch(/FAIL/)
    const json = await run(['analyze', '-e', experiment, '-s', traces, '--format', 'json'])
    const report = JSON.parse(json.stdout) as {
      verdict: { status: string; guardrails: { metric: string; status: string }[] }
    }
    expect(report.verdict.status).toBe('fail')
    expect(report.verdict.guardrails.find((g) => g.status === 'fail')?.metric).toBe('latency_p95_ms')
    const output = join(dir, 'report.md')
    const markdown = await run(['analyze', '-e', experiment, '-s', traces, '-f', 'markdown', '-o', output])
    expect(markdown.status).toBe(1)
    expect(markdown.stdout).toBe('')
    expect(readFileSync(output, 'utf8').split('\n')[0]).toMatch(/FAIL/)
  })

  it('an empty window is never a pass (exit 3)', async () => {
    const { experiment, traces } = writeTraces()
    const { status, stdout } = await run([
      'analyze',
      '-e',
      experiment,
      '-s',
      traces,
      '--since',
      '2020-01-01',
      '--until',
      '2020-01-02',
    ])
    expect(status).toBe(3)
    expect(stdout).toMatch(/0 spans|no data|No data/i)
  })

  it('rejects bad flags with exit 2 and nothing written', async () => {
    const { dir, experiment, traces } = writeTraces()
    const output = join(dir, 'never.json')
    const format = await run(['analyze', '-e', experiment, '-s', traces, '-f', 'xml', '-o', output])
    expect(format.status).toBe(2)
    expect(format.stderr).toMatch(/--format xml: use one of table, json, markdown/)
    const since = await run(['analyze', '-e', experiment, '-s', traces, '--since', 'yesterday'])
    expect(since.status).toBe(2)
    expect(since.stderr).toMatch(/--since yesterday/)
    expect(() => readFileSync(output)).toThrow()
  })
})
