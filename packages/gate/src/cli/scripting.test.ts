import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodeOtlpJsonLine } from '../analysis/otlp-json-lines.ts'
import { generateSyntheticSpans } from '../analysis/synthetic-traces.fixture.ts'
import { parseExperimentText } from '../experiment-file.ts'
import { closedPortUrl } from '../sources/backend-server.fixture.ts'
import { runInProcess as run } from './cli.fixture.ts'

// Issue 12, item 3: what scripts and CI rely on — the exit code of an unreadable backend, JSON errors
// with `--format json`, `error: …` lines, and colour that follows NO_COLOR and FORCE_COLOR.

const experimentText = `experiment: cli-scripting
arms:
  control: { model: openai:gpt-4.1, weight: 50 }
  candidate: { model: openai:gpt-5, weight: 50 }
guardrails:
  latency_p95_ms: { max_increase: 25% }
  error_rate: { max_increase: 5pp }
`
const brokenText = `experiment: cli-scripting
arms:
  control: { model: openai:gpt-4.1, weight: 50 }
  candidate: { model: openai:gpt-5, weight: 70 }
`

function writeFiles(): { experiment: string; broken: string; traces: string } {
  const dir = mkdtempSync(join(tmpdir(), 'llm-canary-scripting-'))
  const experiment = join(dir, 'experiment.yaml')
  const broken = join(dir, 'broken.yaml')
  writeFileSync(experiment, experimentText)
  writeFileSync(broken, brokenText)
  const spans = generateSyntheticSpans({
    experiment: parseExperimentText(experimentText, experiment).experiment,
    sessions: 300,
    seed: 3,
    startMs: Date.now() - 86_400_000,
    sessionIntervalMs: 60_000,
    profile: { latencySigma: 0.2, errorRate: 0.01 },
  })
  const traces = join(dir, 'traces.jsonl')
  writeFileSync(traces, `${encodeOtlpJsonLine(spans)}\n`)
  return { experiment, broken, traces }
}

const files = writeFiles()

/** The one JSON document a command wrote on stdout, parsed; fails the test when stdout is not exactly that. */
function jsonError(stdout: string): { code: string; message: string; issues?: unknown[] } {
  expect(stdout.trim().split('\n'), stdout).toHaveLength(1)
  const document = JSON.parse(stdout) as { error: { code: string; message: string; issues?: unknown[] } }
  expect(Object.keys(document)).toEqual(['error'])
  expect(typeof document.error.code).toBe('string')
  expect(typeof document.error.message).toBe('string')
  return document.error
}

describe('a trace backend that cannot be read', () => {
  it('exits 4, not 3 like inconclusive, with an error: line and, with --format json, a JSON error', async () => {
    const url = await closedPortUrl()
    const args = [
      'analyze',
      '-e',
      files.experiment,
      '-s',
      `jaeger:${url}`,
      '--service',
      'x',
      '--retries',
      '0',
    ]
    const table = await run(args)
    expect(table.status).toBe(4)
    expect(table.stdout).toBe('')
    expect(table.stderr).toMatch(
      /^error: GET http:\/\/127\.0\.0\.1:\d+\/.* failed after 1 attempt: .*ECONNREFUSED/,
    )
    expect(table.stderr).toContain('no verdict: the traces could not be read (exit 4)')
    const json = await run([...args, '--format', 'json'])
    expect(json.status).toBe(4)
    expect(jsonError(json.stdout)).toMatchObject({
      code: 'BACKEND_UNREACHABLE',
      message: expect.stringContaining('exit 4'),
    })
  })
})

describe('--format json errors: valid JSON on stdout, from every command', () => {
  const missing = join(tmpdir(), 'llm-canary-no-such-dir', 'experiment.yaml')
  const cases: [string, string[], number, string][] = [
    ['validate, a missing file', ['validate', missing, '--format', 'json'], 2, 'FILE_UNREADABLE'],
    ['validate, an invalid file (--json)', ['validate', files.broken, '--json'], 2, 'CONFIG_INVALID'],
    [
      'validate, a bad format',
      ['validate', files.experiment, '--format=json', '--format', 'yaml'],
      2,
      'USAGE',
    ],
    ['assign, no --unit', ['assign', files.experiment, '-f', 'json'], 2, 'USAGE'],
    ['assign, an invalid file', ['assign', files.broken, '-u', 's-1', '--format=json'], 2, 'CONFIG_INVALID'],
    [
      'plan, a bad --traffic',
      ['plan', files.experiment, '--traffic', 'lots', '--format', 'json'],
      2,
      'USAGE',
    ],
    ['plan, an unknown flag', ['plan', files.experiment, '--bogus', '--format', 'json'], 2, 'USAGE'],
    [
      'analyze, a bad --since',
      ['analyze', '-e', files.experiment, '--since', 'yesterday', '-f', 'json'],
      2,
      'USAGE',
    ],
    [
      'analyze, an unknown source',
      ['analyze', '-e', files.experiment, '-s', 'ftp://x', '--format', 'json'],
      2,
      'SOURCE_INVALID',
    ],
    [
      'analyze, a missing trace file',
      ['analyze', '-e', files.experiment, '-s', `file:${missing}`, '-f', 'json'],
      2,
      'FILE_UNREADABLE',
    ],
  ]

  it.each(cases)('%s', async (_name, args, status, code) => {
    const result = await run(args)
    expect(result.status, result.stderr).toBe(status)
    expect(jsonError(result.stdout).code).toBe(code)
    expect(result.stderr).toMatch(/^error: /m)
  })

  it('lists every located problem of an invalid file in the JSON error', async () => {
    const result = await run(['validate', files.broken, '--format', 'json'])
    const error = jsonError(result.stdout)
    expect(error.issues).toEqual([
      expect.objectContaining({
        path: ['arms'],
        line: expect.any(Number),
        text: expect.stringContaining('broken.yaml:'),
      }),
    ])
  })

  it('writes no JSON without --format json: stdout stays empty on an error', async () => {
    const result = await run(['validate', files.broken])
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^error: /)
  })

  it('gives validate, assign and plan --format json output the same as --json', async () => {
    for (const args of [
      ['validate', files.experiment],
      ['assign', files.experiment, '-u', 's-1'],
      ['plan', files.experiment, '-b', 'error_rate=0.02'],
    ]) {
      const format = await run([...args, '--format', 'json'])
      const flag = await run([...args, '--json'])
      expect(format.status).toBe(0)
      expect(JSON.parse(format.stdout)).toEqual(JSON.parse(flag.stdout))
    }
  })
})

describe('colour', () => {
  const until = new Date()
  const since = new Date(until.getTime() - 7 * 86_400_000)
  const window = ['--since', since.toISOString(), '--until', until.toISOString()]
  const table = ['analyze', '-e', files.experiment, '-s', `file:${files.traces}`, ...window]
  const ESC = '\u001b['
  const SGR = new RegExp(`${ESC.replace('[', '\\[')}\\d+m`, 'g')

  it('FORCE_COLOR colours the report (and the messages) when stdout is not a terminal', async () => {
    const plain = await run(table)
    expect(plain.stdout).not.toContain(ESC)
    const forced = await run(table, { env: { FORCE_COLOR: '1' } })
    expect(forced.stdout).toContain(`${ESC}1m`)
    // The same report, coloured (the wrapping may differ: the report counts the codes in its width).
    const words = (text: string): string => text.replace(SGR, '').replace(/\s+/g, ' ')
    expect(words(forced.stdout)).toBe(words(plain.stdout))
    const error = await run(['validate', files.broken], { env: { FORCE_COLOR: '' } })
    expect(error.stderr).toContain(`${ESC}31merror:${ESC}39m`)
  })

  it('FORCE_COLOR=0 turns colour off even on a terminal', async () => {
    const off = await run(table, { isTTY: true, env: { FORCE_COLOR: '0' } })
    expect(off.stdout).not.toContain(ESC)
  })

  it('NO_COLOR counts only when it is not empty', async () => {
    const empty = await run(table, { isTTY: true, env: { NO_COLOR: '' } })
    expect(empty.stdout).toContain(ESC)
    const set = await run(table, { isTTY: true, env: { NO_COLOR: '1' } })
    expect(set.stdout).not.toContain(ESC)
  })
})
