import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SpanRecord } from '../types.ts'
import { buildExperiment, buildSpan, evaluationEvent, TEST_START_MS } from './analysis.fixture.ts'
import { CELL, createCellRow } from './cell-pool.ts'
import type { Extraction, ExtractionLimits } from './extraction-types.ts'
import { SpanExtractor } from './span-extractor.ts'

const WINDOW = { sinceMs: TEST_START_MS - 1000, untilMs: TEST_START_MS + 86_400_000 }

function extract(
  spans: readonly SpanRecord[],
  file: Record<string, unknown> = {},
  limits: ExtractionLimits = {},
): Extraction {
  const extractor = new SpanExtractor(buildExperiment(file), WINDOW, limits)
  extractor.addBatch(spans)
  return extractor.finish()
}

/** A session's traffic cells totalled, or its cell for one agent. */
function totals(extraction: Extraction, session: string, agent?: string): Float64Array {
  const entry = extraction.table.get(session)
  const row = createCellRow()
  entry?.agents.forEach((name, index) => {
    if (agent === undefined || name === agent) extraction.table.pool.addInto(entry.cells[index] ?? -1, row)
  })
  return row
}

describe('SpanExtractor', () => {
  it('keeps the experiment spans with a known arm and counts what it ignores', () => {
    const spans = [
      buildSpan(),
      buildSpan({ arm: 'candidate', session: 'session-2' }),
      buildSpan({ attributes: { 'feature_flag.key': 'another-experiment' } }),
      buildSpan({ attributes: { 'feature_flag.key': undefined } }),
      buildSpan({ attributes: { 'feature_flag.result.variant': undefined } }),
      buildSpan({ arm: 'mystery' }),
      buildSpan({ startMs: WINDOW.untilMs }),
    ]
    const { stats } = extract(spans)
    expect(stats).toMatchObject({ spansRead: 7, spansIgnored: 5, spansSkipped: 0, llmSpans: 2, units: 2 })
    const warnings = stats.warnings.join('\n')
    for (const text of [
      'other experiments',
      'without feature_flag.key',
      'without feature_flag.result.variant',
      '"mystery"',
      'outside',
    ]) {
      expect(warnings).toContain(text)
    }
  })

  it('reads the deprecated feature_flag.variant and falls back to the trace id as the session', () => {
    const span = buildSpan({
      traceId: 'b'.repeat(32),
      attributes: {
        'feature_flag.result.variant': undefined,
        'feature_flag.variant': 'candidate',
        'gen_ai.conversation.id': undefined,
      },
    })
    const extraction = extract([span])
    expect(extraction.table.get('b'.repeat(32))?.arm).toBe(1)
    expect(extraction.stats.warnings.join('\n')).toContain('trace id was used as the session')
  })

  it('drops duplicate span ids within its window', () => {
    const span = buildSpan()
    expect(extract([span, span, buildSpan()]).stats).toMatchObject({
      spansRead: 3,
      spansIgnored: 1,
      llmSpans: 2,
    })
  })

  it('tells spans apart by (trace id, span id): traces may reuse span ids', () => {
    // Some exporters number each trace's spans 1, 2, 3 …; only a repeat of the same pair is a duplicate.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })), { maxLength: 60 }),
        (pairs) => {
          const spans = pairs.map(([trace, id]) =>
            buildSpan({
              traceId: trace.toString(16).padStart(32, '0'),
              spanId: id.toString(16).padStart(16, '0'),
            }),
          )
          const distinct = new Set(pairs.map(([trace, id]) => `${trace}/${id}`)).size
          const { stats } = extract(spans)
          expect(stats.llmSpans).toBe(distinct)
          expect(stats.spansIgnored).toBe(pairs.length - distinct)
        },
      ),
    )
  })

  it('sums calls, errors, latency, TTFT (seconds to ms) and cost per session and agent', () => {
    const call = (durationMs: number, agent: string, extra: Record<string, number> = {}, error = false) =>
      buildSpan({
        durationMs,
        error,
        attributes: { 'gen_ai.agent.name': agent, 'gen_ai.usage.cost.amount': 0.01, ...extra },
      })
    const spans = [
      call(100, 'planner', { 'gen_ai.response.time_to_first_chunk': 0.25 }),
      call(300, 'writer', {}, true),
      call(200, 'writer', { 'gen_ai.response.time_to_first_chunk': 0.05 }),
    ]
    const extraction = extract(spans)
    const all = totals(extraction, 'session-1')
    expect([all[CELL.calls], all[CELL.errors], all[CELL.latencySumMs]]).toEqual([3, 1, 600])
    expect([all[CELL.ttftSumMs], all[CELL.ttftCount]]).toEqual([300, 2])
    expect([all[CELL.costSumUsd], all[CELL.costCalls], all[CELL.costUnknown]]).toEqual([0.01 * 3, 3, 0])
    expect(totals(extraction, 'session-1', 'writer')[CELL.calls]).toBe(2)
  })

  it('reads runs, their failure and totals from workflow spans, and agent invocations', () => {
    const spans = [
      buildSpan({
        name: 'invoke_workflow support',
        durationMs: 900,
        attributes: { 'gen_ai.operation.name': 'invoke_workflow', 'llm_canary.run.cost_usd': 0.02 },
      }),
      buildSpan({
        name: 'invoke_workflow support',
        durationMs: 500,
        error: true,
        attributes: { 'gen_ai.operation.name': 'invoke_workflow' },
      }),
      buildSpan({
        name: 'invoke_agent writer',
        durationMs: 400,
        error: true,
        attributes: { 'gen_ai.operation.name': undefined },
      }),
    ]
    const extraction = extract(spans)
    const runs = totals(extraction, 'session-1', '')
    expect([runs[CELL.runs], runs[CELL.runFailures], runs[CELL.runDurationSumMs]]).toEqual([2, 1, 1400])
    expect([runs[CELL.runCostSumUsd], runs[CELL.runCostCount]]).toEqual([0.02, 1])
    const writer = totals(extraction, 'session-1', 'writer')
    expect([writer[CELL.agentSpans], writer[CELL.agentFailures], writer[CELL.agentDurationSumMs]]).toEqual([
      1, 1, 400,
    ])
    expect(extraction.stats.llmSpans).toBe(0)
  })

  it('reads evaluation events on LLM spans and evaluate spans by name', () => {
    const spans = [
      buildSpan({
        events: [evaluationEvent('exact_match', 1), evaluationEvent('judge', 4), evaluationEvent('tone', 3)],
      }),
      buildSpan({ events: [evaluationEvent('fuzzy', 0.5)] }),
      buildSpan({
        name: 'evaluate feedback',
        attributes: { 'gen_ai.operation.name': 'evaluate', 'gen_ai.evaluation.score.value': -1 },
      }),
    ]
    const extraction = extract(spans)
    const row = totals(extraction, 'session-1')
    expect([row[CELL.accuracySum], row[CELL.accuracyCount]]).toEqual([1.5, 2])
    expect([row[CELL.judgeSum], row[CELL.judgeCount]]).toEqual([4, 1])
    expect([row[CELL.feedbackSum], row[CELL.feedbackCount]]).toEqual([-1, 1])
    expect(extraction.stats.warnings.join('\n')).toContain('named "tone" ignored')
  })

  it('skips and counts malformed values without losing the rest of the span', () => {
    const spans = [
      buildSpan({
        durationMs: 120,
        attributes: {
          'gen_ai.response.time_to_first_chunk': Number.NaN,
          'gen_ai.usage.cost.amount': 'cheap',
          'llm_canary.citations': 42,
          'llm_canary.input_hash': 'h1',
        },
        events: [evaluationEvent('accuracy', 7), evaluationEvent('judge', '5')],
      }),
      buildSpan({ durationMs: Number.NaN }),
      buildSpan({ durationMs: -5 }),
    ]
    const { stats, table } = extract(spans)
    expect(stats).toMatchObject({ spansRead: 3, spansSkipped: 2, llmSpans: 1 })
    const warnings = stats.warnings.join('\n')
    expect(warnings).toContain('malformed attribute value(s) ignored')
    expect(warnings).toContain('gen_ai.response.time_to_first_chunk ×1')
    expect(warnings).toContain('accuracy out of range')
    const entry = table.get('session-1')
    const row = createCellRow()
    for (const cell of entry?.cells ?? []) table.pool.addInto(cell, row)
    expect([row[CELL.calls], row[CELL.latencySumMs], row[CELL.ttftCount], row[CELL.costUnknown]]).toEqual([
      1, 120, 0, 1,
    ])
  })

  it('keeps a session in its first arm and skips spans that contradict it', () => {
    const { stats, table } = extract([buildSpan(), buildSpan({ arm: 'candidate' })])
    expect(table.get('session-1')?.arm).toBe(0)
    expect(stats).toMatchObject({ spansSkipped: 1, llmSpans: 1 })
    expect(stats.warnings.join('\n')).toContain('already seen in another arm')
  })

  it('scores citations of identical inputs across arms and within control', () => {
    const cited = (session: string, arm: string, citations: string[]) =>
      buildSpan({
        session,
        arm,
        attributes: { 'llm_canary.input_hash': 'h', 'llm_canary.citations': citations },
      })
    const extraction = extract([
      cited('c1', 'control', ['a', 'b']),
      cited('k1', 'candidate', ['a']),
      cited('c2', 'control', ['a', 'b']),
    ])
    expect([
      totals(extraction, 'k1')[CELL.citationSum],
      totals(extraction, 'k1')[CELL.citationPairs],
    ]).toEqual([0.5, 1])
    expect([
      totals(extraction, 'c2')[CELL.citationSum],
      totals(extraction, 'c2')[CELL.citationPairs],
    ]).toEqual([1, 1])
    expect(totals(extraction, 'c1')[CELL.citationPairs]).toBe(0)
  })

  it('pairs shadow calls with their control call and keeps them out of control traffic', () => {
    const file = {
      arms: {
        control: { model: 'openai:gpt-4.1', weight: 100 },
        candidate: { model: 'openai:gpt-5', weight: 0, shadow: '10%' },
      },
    }
    const primary = buildSpan({
      durationMs: 100,
      attributes: { 'llm_canary.pair_id': 'p1', 'gen_ai.agent.name': 'writer' },
    })
    const shadow = buildSpan({
      durationMs: 250,
      attributes: {
        'llm_canary.pair_id': 'p1',
        'llm_canary.shadow': true,
        'llm_canary.served_arm': 'candidate',
        'gen_ai.agent.name': 'writer',
      },
    })
    const orphan = buildSpan({ attributes: { 'llm_canary.shadow': true, 'llm_canary.pair_id': 'p2' } })
    const extraction = extract([shadow, primary, orphan], file)
    expect(totals(extraction, 'session-1')[CELL.calls]).toBe(1)
    const entry = extraction.table.get('session-1')
    expect(entry?.shadowKeys).toEqual(['1\u0000writer'])
    const [candidateCell, pairedCell] = entry?.shadowCells ?? []
    expect(extraction.table.pool.get(candidateCell ?? -1, CELL.latencySumMs)).toBe(250)
    expect(extraction.table.pool.get(pairedCell ?? -1, CELL.latencySumMs)).toBe(100)
    expect(extraction.stats.warnings.join('\n')).toContain('1 shadow call(s) never met their control call')
  })

  it('counts shadow calls it cannot attribute', () => {
    const file = {
      arms: {
        control: { model: 'openai:gpt-4.1', weight: 80 },
        a: { model: 'openai:gpt-5', weight: 10, shadow: '5%' },
        b: { model: 'openai:o3', weight: 10, shadow: '5%' },
      },
    }
    const unresolved = buildSpan({ attributes: { 'llm_canary.shadow': true, 'llm_canary.pair_id': 'p' } })
    const withoutPair = buildSpan({ attributes: { 'llm_canary.shadow': true, 'llm_canary.served_arm': 'a' } })
    expect(extract([unresolved, withoutPair], file).stats).toMatchObject({ spansSkipped: 2, llmSpans: 0 })
  })
})
