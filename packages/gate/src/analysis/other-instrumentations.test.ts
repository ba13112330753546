import { readFileSync } from 'node:fs'
import { createPricer } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { findArmRow } from '../report/arm-row.ts'
import { decodeTraceDocument } from '../sources/decode-trace-document.ts'
import type { SpanRecord } from '../types.ts'
import { buildExperiment, TEST_EXPERIMENT_ID } from './analysis.fixture.ts'
import { analyzeSpans } from './analyze.ts'
import { createInMemorySource } from './in-memory-source.fixture.ts'

/**
 * Recorded GenAI traces from other instrumentations, with `feature_flag.key` and the arm added to every
 * span of a copy, as a user would with a span processor. They carry no `gen_ai.conversation.id`, no
 * workflow spans, no `llm_canary.*` attributes.
 */
function readFixture(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../test/fixtures/${path}`, import.meta.url), 'utf8'))
}

function decode(doc: unknown): SpanRecord[] {
  const decoded = decodeTraceDocument(doc)
  if (decoded === undefined) throw new Error('the fixture is not a trace document')
  return decoded.spans
}

function otlpWithArm(arm: string): SpanRecord[] {
  const doc = readFixture('otlp/genai-agent-trace.json') as {
    resourceSpans: { scopeSpans: { spans: { attributes: unknown[] }[] }[] }[]
  }
  for (const resource of doc.resourceSpans) {
    for (const scope of resource.scopeSpans) {
      for (const span of scope.spans) {
        span.attributes.push(
          { key: 'feature_flag.key', value: { stringValue: TEST_EXPERIMENT_ID } },
          { key: 'feature_flag.result.variant', value: { stringValue: arm } },
        )
      }
    }
  }
  return decode(doc)
}

function jaegerWithArm(arm: string): SpanRecord[] {
  const doc = readFixture('jaeger/legacy-ui-trace-element-genai.json') as { spans: { tags: unknown[] }[] }
  for (const span of doc.spans) {
    span.tags.push(
      { key: 'feature_flag.key', type: 'string', value: TEST_EXPERIMENT_ID },
      { key: 'feature_flag.variant', type: 'string', value: arm },
    )
  }
  return decode(doc)
}

const since = new Date('2020-01-01T00:00:00Z')
const until = new Date('2030-01-01T00:00:00Z')
const isChat = (span: SpanRecord): boolean => span.attributes['gen_ai.operation.name'] === 'chat'

describe('spans from other GenAI instrumentations', () => {
  it('analyses an OTLP trace with only the experiment key and arm added (one session per trace)', async () => {
    const spans = otlpWithArm('control')
    const chats = spans.filter(isChat)
    const report = await analyzeSpans({
      experiment: buildExperiment(),
      source: createInMemorySource(spans),
      since,
      until,
    })
    const control = findArmRow(report.arms, 'control')
    expect(report.extraction).toMatchObject({ spansRead: spans.length, llmSpans: chats.length, units: 1 })
    expect(control).toMatchObject({ units: 1, runs: 0, calls: chats.length, errorRate: 0 })
    // No workflow spans: the session's latency is its mean LLM call latency.
    const meanMs = chats.reduce((sum, span) => sum + span.durationMs, 0) / chats.length
    expect(Math.abs((control?.latencyMs?.p50 ?? 0) - meanMs)).toBeLessThanOrEqual(0.01 * meanMs)
    const warnings = report.extraction.warnings.join('\n')
    expect(warnings).toContain('trace id was used as the session')
    expect(warnings).toContain('huggingface:meta-llama/Llama-3.1-8B-Instruct')
    expect(control?.callsWithUnknownCost).toBe(chats.length)
  })

  it('recomputes the unknown cost from tokens once the experiment prices the model', async () => {
    const spans = otlpWithArm('control')
    const chats = spans.filter(isChat)
    const modelId = 'huggingface:meta-llama/Llama-3.1-8B-Instruct'
    const experiment = buildExperiment({ pricing: { [modelId]: { input: 0.2, output: 0.6 } } })
    const pricer = createPricer({ overrides: experiment.pricing })
    const expectedUsd = chats.map(
      (span) =>
        pricer.estimateCost(modelId, {
          inputTokens: span.attributes['gen_ai.usage.input_tokens'] as number,
          outputTokens: span.attributes['gen_ai.usage.output_tokens'] as number,
        }).costUsd ?? Number.NaN,
    )
    const report = await analyzeSpans({ experiment, source: createInMemorySource(spans), since, until })
    const control = findArmRow(report.arms, 'control')
    expect(control?.callsWithUnknownCost).toBe(0)
    expect(control?.costPerCallUsd).toBeCloseTo(expectedUsd.reduce((a, b) => a + b) / chats.length, 15)
  })

  it('analyses a Jaeger trace: agents from invoke_agent spans, an errored HTTP span is not an LLM error', async () => {
    const spans = jaegerWithArm('candidate')
    const chats = spans.filter(isChat)
    const experiment = buildExperiment({ pricing: { 'example-ai:model-a': { input: 3, output: 15 } } })
    const report = await analyzeSpans({ experiment, source: createInMemorySource(spans), since, until })
    const candidate = findArmRow(report.arms, 'candidate')
    expect(spans.some((span) => span.status.code === 2 && !isChat(span))).toBe(true)
    expect(candidate).toMatchObject({ units: 1, calls: chats.length, errorRate: 0 })
    const modelB = chats.filter((span) => span.attributes['gen_ai.request.model'] === 'model-b').length
    expect(candidate?.callsWithUnknownCost).toBe(modelB)
    const agents = spans.filter((span) => span.attributes['gen_ai.operation.name'] === 'invoke_agent')
    expect(report.agents.map((agent) => agent.agent).sort()).toEqual(
      agents.map((span) => span.attributes['gen_ai.agent.name']).sort(),
    )
    expect(report.agents.every((agent) => agent.arm === 'candidate' && agent.runs === 1)).toBe(true)
  })
})
