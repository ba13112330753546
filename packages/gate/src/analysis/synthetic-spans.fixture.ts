import type { SeededRandom } from '@llm-canary/core'
import type { AttributeValue, SpanEventRecord, SpanRecord } from '../types.ts'

/**
 * The sources a synthetic answer cites: three canonical ones per input, each replaced by a random one
 * with probability 1 − agreement.
 *
 * @param random - The generator's PRNG.
 * @param inputIndex - The input.
 * @param agreement - Probability of keeping each canonical source.
 * @returns Three source ids.
 */
export function citeSources(random: SeededRandom, inputIndex: number, agreement: number): string[] {
  return [0, 1, 7].map((offset) =>
    random.uniform() < agreement ? `doc-${inputIndex + offset}` : `doc-x${random.integer(0, 1_000_000)}`,
  )
}

/** What `buildSyntheticSpan` needs. */
export interface SpanSpec {
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId: string | undefined
  readonly name: string
  readonly startMs: number
  readonly durationMs: number
  readonly attributes: Readonly<Record<string, AttributeValue>>
  readonly failed: boolean
  readonly events?: readonly SpanEventRecord[]
}

/**
 * Builds a synthetic span, times rounded to the microsecond.
 *
 * @param spec - Ids, name, times, attributes, failure and events.
 * @returns The span.
 */
export function buildSyntheticSpan(spec: SpanSpec): SpanRecord {
  return {
    traceId: spec.traceId,
    spanId: spec.spanId,
    parentSpanId: spec.parentSpanId,
    name: spec.name,
    kind: spec.name.startsWith('chat') ? 3 : 1,
    startTimeUnixMs: roundMicros(spec.startMs),
    durationMs: roundMicros(spec.durationMs),
    attributes: spec.attributes,
    events: spec.events ?? [],
    status: spec.failed ? { code: 2, message: 'synthetic failure' } : { code: 0 },
    resource: SYNTHETIC_RESOURCE,
  }
}

const SYNTHETIC_RESOURCE = { 'service.name': 'synthetic-agent' } as const

/**
 * Random lower-case hex.
 *
 * @param random - The PRNG.
 * @param length - Characters wanted.
 * @returns The hex string.
 */
export function randomHex(random: SeededRandom, length: number): string {
  let hex = ''
  while (hex.length < length)
    hex += Math.floor(random.uniform() * 0x100000000)
      .toString(16)
      .padStart(8, '0')
  return hex.slice(0, length)
}

/**
 * Rounds milliseconds to the microsecond, so OTLP nanosecond integers round-trip exactly.
 *
 * @param ms - Milliseconds.
 * @returns The value on a microsecond grid.
 */
export function roundMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000
}
