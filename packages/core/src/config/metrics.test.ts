import { describe, expect, it } from 'vitest'
import type { GuardrailMetric } from '../types.ts'
import {
  describeBoundMismatch,
  exampleTolerance,
  GUARDRAIL_BOUNDS,
  GUARDRAIL_METRIC_NAMES,
  GUARDRAIL_METRICS,
  listAllowedBounds,
} from './metrics.ts'
import { parseTolerance } from './tolerance.ts'

// Every member of the GuardrailMetric union; the Record type below fails to compile when one is missing.
const ALL_METRICS: Record<GuardrailMetric, true> = {
  latency_p50_ms: true,
  latency_p95_ms: true,
  latency_p99_ms: true,
  ttft_p50_ms: true,
  ttft_p95_ms: true,
  ttft_p99_ms: true,
  cost_per_call_usd: true,
  cost_per_run_usd: true,
  error_rate: true,
  run_failure_rate: true,
  accuracy: true,
  judge_score: true,
  citation_stability: true,
}

const PAIRS = GUARDRAIL_METRIC_NAMES.flatMap((metric) =>
  listAllowedBounds(metric).map((bound) => [metric, bound] as const),
)

describe('GUARDRAIL_METRICS', () => {
  it('lists every metric of the public type, each under its own key', () => {
    expect([...GUARDRAIL_METRIC_NAMES].sort()).toEqual(Object.keys(ALL_METRICS).sort())
    for (const metric of GUARDRAIL_METRIC_NAMES) expect(GUARDRAIL_METRICS[metric].metric).toBe(metric)
  })

  it('only offers bounds that point the way the metric gets worse', () => {
    for (const [metric, bound] of PAIRS) {
      const worse = GUARDRAIL_METRICS[metric].worseWhen
      const expected = worse === 'increase' ? ['max_increase', 'max'] : ['max_decrease', 'min']
      expect(expected, `${metric}.${bound}`).toContain(bound)
    }
  })

  it('gives every metric a bound with at least one tolerance form', () => {
    for (const metric of GUARDRAIL_METRIC_NAMES) {
      expect(listAllowedBounds(metric).length, metric).toBeGreaterThan(0)
      for (const bound of listAllowedBounds(metric)) {
        expect(GUARDRAIL_METRICS[metric].bounds[bound]?.length, `${metric}.${bound}`).toBeGreaterThan(0)
      }
    }
  })

  it.each(PAIRS)('the example tolerance of %s.%s parses', (metric, bound) => {
    expect(parseTolerance(exampleTolerance(metric, bound), { metric, bound }).ok).toBe(true)
  })
})

describe('describeBoundMismatch', () => {
  it('accepts fitting bounds and explains the others with the direction and the bounds to use', () => {
    for (const metric of GUARDRAIL_METRIC_NAMES) {
      const allowed = listAllowedBounds(metric)
      for (const bound of GUARDRAIL_BOUNDS) {
        const message = describeBoundMismatch(metric, bound)
        if (allowed.includes(bound)) expect(message).toBeUndefined()
        else {
          expect(message).toContain(`${metric} regresses when it ${GUARDRAIL_METRICS[metric].worseWhen}s`)
          for (const fitting of allowed) expect(message).toContain(fitting)
        }
      }
    }
  })

  it('tells accuracy to use max_decrease rather than max_increase', () => {
    expect(describeBoundMismatch('accuracy', 'max_increase')).toMatch(
      /^accuracy regresses when it decreases, so max_increase cannot guard it; use max_decrease/,
    )
  })
})

describe('GUARDRAIL_METRICS: the observation contract', () => {
  it('gives a quantile level to exactly the quantile metrics, and the level their name says', () => {
    for (const name of GUARDRAIL_METRIC_NAMES) {
      const spec = GUARDRAIL_METRICS[name]
      expect(spec.quantile !== undefined, name).toBe(spec.observation === 'quantile')
      const written = /_p(\d+)_/.exec(name)?.[1]
      expect(spec.quantile, name).toBe(written === undefined ? undefined : Number(written) / 100)
    }
  })
})
