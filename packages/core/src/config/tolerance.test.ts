import { describe, expect, it } from 'vitest'
import type { GuardrailBound, GuardrailMetric, Tolerance } from '../types.ts'
import { GUARDRAIL_METRICS } from './metrics.ts'
import { describeTolerancePattern, parseTolerance } from './tolerance.ts'

type Row<T> = readonly [written: unknown, metric: GuardrailMetric, bound: GuardrailBound, expected: T]

const VALID: readonly Row<Tolerance>[] = [
  ['10%', 'latency_p95_ms', 'max_increase', { kind: 'relative', value: 0.1, text: '10%' }],
  ['0%', 'latency_p50_ms', 'max_increase', { kind: 'relative', value: 0, text: '0%' }],
  ['150ms', 'latency_p95_ms', 'max_increase', { kind: 'absolute', value: 150, unit: 'ms', text: '150ms' }],
  ['1.5s', 'ttft_p95_ms', 'max_increase', { kind: 'absolute', value: 1500, unit: 'ms', text: '1.5s' }],
  ['.5s', 'ttft_p99_ms', 'max_increase', { kind: 'absolute', value: 500, unit: 'ms', text: '.5s' }],
  [' 15 % ', 'ttft_p50_ms', 'max_increase', { kind: 'relative', value: 0.15, text: '15 %' }],
  [
    '$0.01',
    'cost_per_run_usd',
    'max_increase',
    { kind: 'absolute', value: 0.01, unit: 'usd', text: '$0.01' },
  ],
  ['20%', 'cost_per_call_usd', 'max_increase', { kind: 'relative', value: 0.2, text: '20%' }],
  ['2pp', 'accuracy', 'max_decrease', { kind: 'absolute', value: 0.02, unit: 'pp', text: '2pp' }],
  ['100%', 'accuracy', 'max_decrease', { kind: 'relative', value: 1, text: '100%' }],
  ['0.5pp', 'error_rate', 'max_increase', { kind: 'absolute', value: 0.005, unit: 'pp', text: '0.5pp' }],
  // 0.07 / 100 is 0.0007000000000000001 in binary floating point; the parser scales the decimal text.
  ['0.07%', 'run_failure_rate', 'max_increase', { kind: 'relative', value: 0.0007, text: '0.07%' }],
  ['5%', 'error_rate', 'max_increase', { kind: 'relative', value: 0.05, text: '5%' }],
  [0.05, 'error_rate', 'max', { kind: 'threshold', value: 0.05, text: '0.05' }],
  [0.5, 'judge_score', 'max_decrease', { kind: 'absolute', value: 0.5, unit: 'points', text: '0.5' }],
  ['0.5', 'judge_score', 'max_decrease', { kind: 'absolute', value: 0.5, unit: 'points', text: '0.5' }],
  ['10%', 'judge_score', 'max_decrease', { kind: 'relative', value: 0.1, text: '10%' }],
  [0.9, 'citation_stability', 'min', { kind: 'threshold', value: 0.9, text: '0.9' }],
  ['90%', 'citation_stability', 'min', { kind: 'threshold', value: 0.9, text: '90%' }],
  ['5pp', 'citation_stability', 'max_decrease', { kind: 'absolute', value: 0.05, unit: 'pp', text: '5pp' }],
  ['85%', 'accuracy', 'min', { kind: 'threshold', value: 0.85, text: '85%' }],
]

const INVALID: readonly Row<readonly string[]>[] = [
  [
    '2pp',
    'latency_p95_ms',
    'max_increase',
    ['"2pp" does not fit latency_p95_ms (max_increase)', '10%', '150ms'],
  ],
  [10, 'latency_p95_ms', 'max_increase', ['10 has no unit', '10% (relative to control)', '10ms']],
  ['150ms', 'cost_per_run_usd', 'max_increase', ['"150ms" does not fit', '$0.01']],
  ['$0.01', 'accuracy', 'max_decrease', ['"$0.01" does not fit', '2pp']],
  ['-10%', 'latency_p95_ms', 'max_increase', ['"-10%" is negative', 'write 10%']],
  ['$-0.01', 'cost_per_call_usd', 'max_increase', ['"$-0.01" is negative', 'write $0.01']],
  [-1, 'judge_score', 'max_decrease', ['-1 is negative', 'write 1']],
  ['ten percent', 'latency_p95_ms', 'max_increase', ['"ten percent" is not a tolerance', '10%']],
  ['10PP', 'error_rate', 'max_increase', ['"10PP" is not a tolerance', '2pp']],
  ['$5%', 'cost_per_run_usd', 'max_increase', ['"$5%" is not a tolerance']],
  [true, 'error_rate', 'max_increase', ['true is not a tolerance']],
  [null, 'error_rate', 'max_increase', ['empty (null) is not a tolerance']],
  [Number.POSITIVE_INFINITY, 'judge_score', 'max_decrease', ['Infinity is not a tolerance']],
  ['150%', 'accuracy', 'max_decrease', ['"150%" is more than 100%']],
  ['150pp', 'error_rate', 'max_increase', ['"150pp" is more than 100pp']],
  [1.5, 'citation_stability', 'min', ['"1.5" is above 1', '0.90 or 90%']],
  ['120%', 'citation_stability', 'min', ['"120%" is above 100%']],
  [5, 'judge_score', 'max_decrease', ['"5" is more than 4 points']],
  ['2pp', 'accuracy', 'max_increase', ['accuracy regresses when it decreases', 'use max_decrease']],
  ['10%', 'latency_p95_ms', 'min', ['latency_p95_ms regresses when it increases', 'use max_increase']],
  [
    0.99,
    'citation_stability',
    'max',
    ['citation_stability regresses when it decreases', 'min', 'max_decrease'],
  ],
]

describe('parseTolerance', () => {
  it.each(VALID)('%j for %s.%s parses', (written, metric, bound, expected) => {
    expect(parseTolerance(written, { metric, bound })).toEqual({ ok: true, tolerance: expected })
  })

  it.each(INVALID)('%j for %s.%s is refused', (written, metric, bound, fragments) => {
    const result = parseTolerance(written, { metric, bound })
    expect(result.ok).toBe(false)
    const message = result.ok ? '' : result.message
    for (const fragment of fragments) expect(message).toContain(fragment)
  })
})

describe('describeTolerancePattern', () => {
  // The JSON Schema pattern checks the written form only: ranges (above 100%, above 1) are the parser's.
  const rows: readonly Row<boolean>[] = [
    ...VALID.filter((row) => typeof row[0] === 'string').map(([w, m, b]): Row<boolean> => [w, m, b, true]),
    ['150%', 'accuracy', 'max_decrease', true],
    ['120%', 'citation_stability', 'min', true],
    ['2pp', 'latency_p95_ms', 'max_increase', false],
    ['150ms', 'cost_per_run_usd', 'max_increase', false],
    ['10', 'latency_p95_ms', 'max_increase', false],
    ['-10%', 'latency_p95_ms', 'max_increase', false],
    ['$-0.01', 'cost_per_call_usd', 'max_increase', false],
    ['ten percent', 'latency_p95_ms', 'max_increase', false],
    ['10PP', 'error_rate', 'max_increase', false],
    ['$5%', 'cost_per_run_usd', 'max_increase', false],
  ]

  it.each(rows)('%j for %s.%s matches: %s', (written, metric, bound, matches) => {
    const pattern = new RegExp(describeTolerancePattern(GUARDRAIL_METRICS[metric].bounds[bound] ?? []))
    expect(pattern.test(String(written))).toBe(matches)
  })
})
