import type { SyntheticTraceOptions } from '../src/analysis/synthetic-profiles.fixture.ts'
import { generateSyntheticSessions } from '../src/analysis/synthetic-traces.fixture.ts'
import type { SpanRecord } from '../src/types.ts'
import { BENCH_EXPERIMENT, BENCH_START_MS } from './bench-experiment.ts'

/**
 * The benchmarks' synthetic traffic (seed 20260501): sessions 5 s apart, 8 calls per session in 2 agents,
 * 90% of calls with a recorded cost, citations on 500 inputs per agent, no regression.
 */
export const BENCH_TRACE_OPTIONS: SyntheticTraceOptions = {
  experiment: BENCH_EXPERIMENT,
  sessions: Number.MAX_SAFE_INTEGER,
  seed: 20260501,
  startMs: BENCH_START_MS,
  sessionIntervalMs: 5_000,
  agents: ['planner', 'writer'],
  callsPerAgent: 4,
  agentSpans: false,
  citationInputs: 500,
  costRecordedShare: 0.9,
  profile: { citationAgreement: 0.99 },
}

/**
 * Whole sessions from a generator until `llmSpans` LLM spans have been given (the session that reaches it
 * is the last).
 *
 * @param options - Generator options.
 * @param llmSpans - LLM spans to reach.
 * @returns The sessions, each one's spans.
 */
export function* sessionsUpTo(options: SyntheticTraceOptions, llmSpans: number): Generator<SpanRecord[]> {
  let seen = 0
  for (const session of generateSyntheticSessions(options)) {
    yield session
    for (const span of session) if (span.name.startsWith('chat ')) seen += 1
    if (seen >= llmSpans) return
  }
}
