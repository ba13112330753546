import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { baselineKindOf, parseBaselineFlag, readBaselinesFile } from './baselines.ts'

describe('parseBaselineFlag', () => {
  it.each([
    ['error_rate=0.02', 'error_rate', { kind: 'rate', rate: 0.02 }],
    ['accuracy=91%', 'accuracy', { kind: 'rate', rate: 0.91 }],
    ['cost_per_run_usd=0.04,sd=0.03', 'cost_per_run_usd', { kind: 'mean', mean: 0.04, sd: 0.03 }],
    ['citation_stability=0.95,sd=0.08', 'citation_stability', { kind: 'mean', mean: 0.95, sd: 0.08 }],
    ['latency_p95_ms=sigma=0.5', 'latency_p95_ms', { kind: 'lognormal', sigma: 0.5 }],
    ['ttft_p99_ms=sigma=0.4,median=250', 'ttft_p99_ms', { kind: 'lognormal', sigma: 0.4, medianMs: 250 }],
  ])('%s', (flag, metric, baseline) => {
    expect(parseBaselineFlag(flag)).toEqual([metric, baseline])
  })

  it.each([
    ['latency_p95=sigma=0.5', /not a guardrail metric/],
    ['error_rate=lots', /"lots" is not a number/],
    ['error_rate=1.5', /between 0 and 1/],
    ['cost_per_run_usd=0.04', /standard deviation/],
    ['latency_p95_ms=900', /sigma > 0/],
    ['error_rate', /no value|not a number/],
  ])('rejects %s with a message that shows the form', (flag, message) => {
    expect(() => parseBaselineFlag(flag)).toThrow(message)
    expect(() => parseBaselineFlag(flag)).toThrow(expect.objectContaining({ code: 'USAGE' }))
  })

  it('knows which baseline each metric takes', () => {
    expect(baselineKindOf('error_rate')).toBe('rate')
    expect(baselineKindOf('judge_score')).toBe('mean')
    expect(baselineKindOf('ttft_p50_ms')).toBe('lognormal')
  })
})

describe('readBaselinesFile', () => {
  const write = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'llm-canary-baselines-')), 'baselines.yaml')
    writeFileSync(path, text)
    return path
  }

  it('reads traffic and baselines', async () => {
    const path = write(
      'traffic_per_day: 5000\nbaselines:\n  error_rate: { rate: 0.02 }\n  latency_p95_ms: { sigma: 0.5, median_ms: 900 }\n',
    )
    expect(await readBaselinesFile(path)).toEqual({
      unitsPerDay: 5000,
      metrics: {
        error_rate: { kind: 'rate', rate: 0.02 },
        latency_p95_ms: { kind: 'lognormal', sigma: 0.5, medianMs: 900 },
      },
    })
  })

  it('lists every problem with its path', async () => {
    const path = write('baselines:\n  eror_rate: { rate: 0.02 }\n  latency_p95_ms: { rate: 0.1 }\n')
    const err = await readBaselinesFile(path).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'CONFIG_INVALID' })
    const paths = (err as { issues: { path: string[] }[] }).issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(['baselines.eror_rate', 'baselines.latency_p95_ms'])
  })
})
