/**
 * Helpers of the hostile-input end-to-end tests: an experiment file, OTLP JSON-lines traces a user's
 * exporter could have written (with the faults the tests inject), and a run of the built CLI.
 * Not a test file: the e2e project only collects `*.test.ts`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRandom } from '@llm-canary/core'

/** The experiment every hostile test analyses: 50/50, cost, latency and error guardrails. */
const HOSTILE_EXPERIMENT = `experiment: hostile-e2e
arms:
  control: { model: openai:gpt-4.1, weight: 50 }
  candidate: { model: openai:gpt-5, weight: 50 }
guardrails:
  latency_p95_ms: { max_increase: 25% }
  cost_per_call_usd: { max_increase: 25% }
  error_rate: { max_increase: 5pp }
analysis: { min_units_per_arm: 100, max_units_per_arm: 500 }
`

/** One LLM call span as the tests write it. */
export interface HostileSpan {
  readonly traceId: string
  readonly spanId: string
  readonly session: string
  readonly arm: string
  readonly startMs: number
  readonly durationMs: number
  readonly error: boolean
  /** `gen_ai.usage.cost.amount`, in USD; a number the JSON can hold (1e308 included). */
  readonly costUsd?: number | undefined
  readonly inputTokens?: number | undefined
  readonly outputTokens?: number | undefined
}

/** How the candidate differs from control in `generateSessions`. */
interface CandidateShift {
  readonly costFactor?: number
  readonly latencyFactor?: number
  /** The candidate's error rate (control's is 1%). */
  readonly errorRate?: number
}

/** Options of `generateSessions`. */
export interface SessionOptions {
  readonly sessions: number
  readonly callsPerSession?: number
  readonly seed?: number
  readonly candidate?: CandidateShift
  /** `unique` (default: unique in the file) or `per-trace`: every trace numbers its spans 1, 2, 3 … */
  readonly spanIds?: 'unique' | 'per-trace'
}

const HOUR_MS = 3_600_000

/**
 * Sessions of the hostile experiment, one trace each, alternating arms, with lognormal-ish latency
 * around 900 ms and costs around $0.004 a call (control).
 *
 * @param options - How many sessions, the candidate's shift and the span id scheme.
 * @returns The spans, session after session, starting two hours ago.
 */
export function generateSessions(options: SessionOptions): HostileSpan[] {
  const random = createRandom(options.seed ?? 11)
  const startMs = Date.now() - 2 * HOUR_MS
  const spans: HostileSpan[] = []
  for (let s = 0; s < options.sessions; s++) {
    const arm = s % 2 === 0 ? 'control' : 'candidate'
    const shift = arm === 'candidate' ? (options.candidate ?? {}) : {}
    const traceId = `${(options.seed ?? 11).toString(16)}${s.toString(16).padStart(8, '0')}`.padStart(32, 'a')
    for (let c = 0; c < (options.callsPerSession ?? 3); c++) {
      const inputTokens = 400 + Math.floor(random.uniform() * 1200)
      const outputTokens = 80 + Math.floor(random.uniform() * 320)
      spans.push({
        traceId,
        spanId: (options.spanIds === 'per-trace' ? c + 1 : s * 64 + c + 1).toString(16).padStart(16, '0'),
        session: `session-${s}`,
        arm,
        startMs: startMs + s * 1000 + c * 10,
        durationMs: 900 * Math.exp(0.2 * random.normal()) * (shift.latencyFactor ?? 1),
        error: random.uniform() < (shift.errorRate ?? 0.01),
        costUsd: ((inputTokens * 2 + outputTokens * 8) / 1e6) * (shift.costFactor ?? 1),
        inputTokens,
        outputTokens,
      })
    }
  }
  return spans
}

/**
 * Encodes spans as OTLP/JSON lines, 500 spans a line.
 *
 * @param spans - The spans.
 * @returns The file text.
 */
export function encodeLines(spans: readonly HostileSpan[]): string {
  const lines: string[] = []
  for (let i = 0; i < spans.length; i += 500) lines.push(encodeLine(spans.slice(i, i + 500)))
  return `${lines.join('\n')}\n`
}

/**
 * One OTLP/JSON `TracesData` line. Costs are written as JSON numbers exactly as given (1e308 stays).
 *
 * @param spans - The spans of the line.
 * @returns The line, without its newline.
 */
export function encodeLine(spans: readonly HostileSpan[]): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'hostile-app' } }] },
        scopeSpans: [{ scope: { name: 'llm-canary' }, spans: spans.map(encodeSpan) }],
      },
    ],
  })
}

function encodeSpan(span: HostileSpan): unknown {
  const start = BigInt(Math.round(span.startMs)) * 1_000_000n
  const end = start + BigInt(Math.round(span.durationMs * 1000)) * 1000n
  const attributes: unknown[] = [
    { key: 'feature_flag.key', value: { stringValue: 'hostile-e2e' } },
    { key: 'feature_flag.result.variant', value: { stringValue: span.arm } },
    { key: 'gen_ai.conversation.id', value: { stringValue: span.session } },
    { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
    { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
    { key: 'gen_ai.request.model', value: { stringValue: span.arm === 'control' ? 'gpt-4.1' : 'gpt-5' } },
  ]
  if (span.costUsd !== undefined)
    attributes.push({ key: 'gen_ai.usage.cost.amount', value: { doubleValue: span.costUsd } })
  if (span.inputTokens !== undefined)
    attributes.push({ key: 'gen_ai.usage.input_tokens', value: { intValue: String(span.inputTokens) } })
  if (span.outputTokens !== undefined)
    attributes.push({ key: 'gen_ai.usage.output_tokens', value: { intValue: String(span.outputTokens) } })
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    name: `chat ${span.arm === 'control' ? 'gpt-4.1' : 'gpt-5'}`,
    kind: 3,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(end),
    attributes,
    status: span.error ? { code: 2, message: 'failed' } : {},
  }
}

const caseFolders: string[] = []

/** Removes every folder `writeCase` made (call it in `afterAll`: the bombs are large). */
export function removeCases(): void {
  for (const dir of caseFolders.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/**
 * A fresh folder holding the hostile experiment file and the given files.
 *
 * @param files - File name → text (or bytes).
 * @returns The folder and the experiment file's path.
 */
export function writeCase(files: Readonly<Record<string, string | Uint8Array>> = {}): {
  dir: string
  experiment: string
} {
  const dir = mkdtempSync(join(tmpdir(), 'llm-canary-hostile-'))
  caseFolders.push(dir)
  const experiment = join(dir, 'experiment.yaml')
  writeFileSync(experiment, HOSTILE_EXPERIMENT)
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  return { dir, experiment }
}
