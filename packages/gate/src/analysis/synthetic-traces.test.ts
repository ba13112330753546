import { describe, expect, it } from 'vitest'
import { decodeTraceDocument } from '../sources/decode-trace-document.ts'
import { buildExperiment } from './analysis.fixture.ts'
import { encodeOtlpJsonLine } from './otlp-json-lines.ts'
import { generateSyntheticSpans } from './synthetic-traces.fixture.ts'

const experiment = buildExperiment({
  arms: {
    control: { model: 'openai:gpt-4.1', weight: 80 },
    candidate: { model: 'openai:gpt-5', weight: 20, shadow: '10%' },
  },
})

describe('generateSyntheticSpans', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const options = { experiment, sessions: 50, citationInputs: 5 }
    expect(generateSyntheticSpans({ ...options, seed: 4 })).toEqual(
      generateSyntheticSpans({ ...options, seed: 4 }),
    )
    expect(generateSyntheticSpans({ ...options, seed: 5 })).not.toEqual(
      generateSyntheticSpans({ ...options, seed: 4 }),
    )
  })

  it('splits sessions by the weights with the real assigner and shadows control sessions', () => {
    const spans = generateSyntheticSpans({ experiment, sessions: 2000, seed: 1, agentSpans: false })
    const armOf = new Map<unknown, unknown>()
    for (const span of spans)
      armOf.set(span.attributes['gen_ai.conversation.id'], span.attributes['feature_flag.result.variant'])
    const candidateShare = [...armOf.values()].filter((arm) => arm === 'candidate').length / armOf.size
    expect(candidateShare).toBeGreaterThan(0.17)
    expect(candidateShare).toBeLessThan(0.23)
    const shadows = spans.filter((span) => span.attributes['llm_canary.shadow'] === true)
    const pairIds = new Set(
      spans
        .filter((span) => span.attributes['llm_canary.shadow'] !== true)
        .map((s) => s.attributes['llm_canary.pair_id']),
    )
    expect(shadows.length).toBeGreaterThan(0)
    expect(shadows.every((span) => pairIds.has(span.attributes['llm_canary.pair_id']))).toBe(true)
    expect(shadows.every((span) => armOf.get(span.attributes['gen_ai.conversation.id']) === 'control')).toBe(
      true,
    )
  })

  it('applies a regression to the named arm and agent only', () => {
    const options = { experiment, sessions: 400, seed: 2, agentSpans: false, workflowSpans: false }
    const base = generateSyntheticSpans(options)
    const slow = generateSyntheticSpans({
      ...options,
      regression: { arm: 'candidate', agent: 'writer', latencyFactor: 3 },
    })
    const meanOf = (spans: typeof base, arm: string, agent: string) => {
      const chosen = spans.filter(
        (s) =>
          s.attributes['feature_flag.result.variant'] === arm &&
          s.attributes['gen_ai.agent.name'] === agent &&
          s.attributes['llm_canary.shadow'] !== true,
      )
      return chosen.reduce((sum, s) => sum + s.durationMs, 0) / chosen.length
    }
    expect(meanOf(slow, 'candidate', 'writer') / meanOf(base, 'candidate', 'writer')).toBeGreaterThan(2.5)
    expect(meanOf(slow, 'candidate', 'planner')).toBeCloseTo(meanOf(base, 'candidate', 'planner'), 6)
    expect(meanOf(slow, 'control', 'writer')).toBeCloseTo(meanOf(base, 'control', 'writer'), 6)
  })
})

describe('encodeOtlpJsonLine', () => {
  it('round-trips through the OTLP file decoder exactly', () => {
    const spans = generateSyntheticSpans({
      experiment,
      sessions: 20,
      seed: 3,
      citationInputs: 4,
      runTotals: true,
    })
    const decoded = decodeTraceDocument(JSON.parse(encodeOtlpJsonLine(spans)))
    expect(decoded?.skipped).toEqual([])
    expect(decoded?.spans).toEqual(spans.map((span) => ({ ...span, attributes: { ...span.attributes } })))
  })
})
