import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliRun } from '../helpers/cli.ts'
import { runBuiltCli } from '../helpers/cli.ts'
import { runDemo } from '../helpers/demo.ts'
import { renderComment } from '../helpers/rendered-comment.ts'

/** The report's first line (verdict and main reason) and its guardrails table: what both must agree on. */
function readVerdict(report: string): { headline: string; guardrails: string[] } {
  const lines = report.split('\n')
  const headline = lines.find((line) => /^(PASS|FAIL|INCONCLUSIVE|REVIEW)\b/.test(line)) ?? ''
  const start = lines.findIndex((line) => line.startsWith('Guardrails'))
  const end = lines.findIndex((line, index) => index > start && line.trim() === '')
  return { headline, guardrails: start < 0 ? [] : lines.slice(start, end) }
}

describe('pnpm demo (built packages), then llm-canary analyze on its trace file', () => {
  let dir: string
  let traces: string
  let demo: CliRun

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llm-canary-demo-'))
    traces = join(dir, 'traces.jsonl')
    // 600 sessions of the regressing candidate: enough for a FAIL, a few seconds to run.
    demo = runDemo(['--sessions', '600', '--seed', '3', '--out', traces])
  }, 60_000)

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('runs the sessions, writes the trace file and prints a FAIL, exit 0', () => {
    expect(demo.status, demo.stderr).toBe(0)
    expect(demo.stdout).toMatch(/^600 sessions in [\d.]+ s: control \d+, candidate \d+/m)
    expect(demo.stdout).toMatch(/^FAIL {2}candidate: /m)
    expect(demo.stdout).toMatch(/^Verdict: FAIL\./m)
    expect(statSync(traces).size).toBeGreaterThan(0)
  })

  it('starts its terminal report with the verdict, then the forest plot of every guardrail', () => {
    const lines = demo.stdout.split('\n')
    const verdict = lines.findIndex((line) => line.startsWith('FAIL  candidate: '))
    expect(lines[verdict + 1]).toBe('')
    expect(lines[verdict + 2]).toMatch(/^Guardrails against their tolerances {2}\(each scaled to its own/)
    const plot = lines.slice(verdict + 3, lines.indexOf('', verdict + 3))
    expect(
      plot.filter((line) => /\s(FAIL|pass|undecided|SUSPECTED REGRESSION)$/.test(line)).length,
    ).toBeGreaterThan(5)
    expect(plot.some((line) => line.includes('0 = control (:), 1 = the tolerance (|)'))).toBe(true)
  })

  it('writes a PR comment that GitHub renders with the verdict and the forest plot first, charts folded', async () => {
    const { body, charts } = await renderComment(readFileSync(join(dir, 'pr-comment.md'), 'utf8'))
    const blocks = [...body.children].map((element) => element.tagName.toLowerCase())
    const verdict = [...body.querySelectorAll('h2')].find((h2) =>
      h2.textContent?.startsWith('❌ FAIL — candidate: '),
    )
    expect(verdict).toBeDefined()
    const next = verdict?.nextElementSibling
    expect(next?.querySelector('code.language-text')?.textContent).toMatch(/^P95 latency +\S/)
    expect(next?.nextElementSibling?.tagName).toBe('TABLE')
    // Above the verdict: the comment's title, what the check does and what to do, then what changed.
    expect(blocks.slice(0, blocks.indexOf('h2'))).toEqual(['h3', 'p', 'p', 'ul'])
    expect(charts.length).toBeGreaterThan(0)
    for (const code of body.querySelectorAll('code.language-mermaid'))
      expect(code.closest('details')?.hasAttribute('open')).toBe(false)
  })

  it('prints the analyze command, and that command gives the same verdict with exit 1', () => {
    const command = /^ {2}llm-canary (analyze .+)$/m.exec(demo.stdout)?.[1]
    expect(command).toBe(`analyze --experiment examples/demo/experiment.yaml --source file:${traces}`)

    const cli = runBuiltCli([...(command ?? '').split(' '), '--no-progress'])

    expect(cli.status, cli.stderr).toBe(1)
    const fromCli = readVerdict(cli.stdout)
    expect(fromCli.headline).toMatch(/^FAIL/)
    expect(fromCli.guardrails.length).toBeGreaterThan(3)
    expect(fromCli).toEqual(readVerdict(demo.stdout))
  })

  it('rejects a bad flag with the usage, exit 2', () => {
    const bad = runDemo(['--scenario', 'sideways'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--scenario sideways: use regression or healthy/)
    expect(bad.stderr).toMatch(/Usage: pnpm demo/)
  })
})
