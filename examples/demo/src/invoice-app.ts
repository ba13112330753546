import { awaitAllCallbacks } from '@langchain/core/callbacks/promises'
import type { Experiment } from '@llm-canary/core'
import type { ShadowStats } from '@llm-canary/langgraph'
import { createArmModels, createShadowRunner, LlmCanaryHandler } from '@llm-canary/langgraph'
import type { Tracer } from '@opentelemetry/api'
import { createAccuracyEvaluators } from './accuracy-evaluators.ts'
import { readCitedSources } from './cited-sources.ts'
import type { InvoiceStateValue } from './invoice-graph.ts'
import { buildInvoiceGraph } from './invoice-graph.ts'
import type { InvoiceCase } from './invoices.ts'
import type { Scenario } from './model-profiles.ts'
import { RecordsRetriever } from './records-retriever.ts'
import { createSeededRandom } from './seeded-random.ts'
import { sessionIdOf } from './session-ids.ts'
import { createSimulatedModelFactory } from './simulated-model-factory.ts'
import { createRecordStore } from './vendor-records.ts'

/** Options of `createInvoiceApp`. */
export interface InvoiceAppOptions {
  readonly experiment: Experiment
  readonly scenario: Scenario
  readonly seed: number
  /** Keys the conversation ids and input hashes on spans; the same in every process. */
  readonly hashKey: string
  readonly tracer: Tracer
  /** The labelled invoices sessions draw from. */
  readonly pool: readonly InvoiceCase[]
}

/** The instrumented workflow, ready to serve sessions. */
export interface InvoiceApp {
  /**
   * Runs one session: the graph on one invoice of the pool, with thread id `session-<seed>-<index>`.
   *
   * @param index - The session number.
   * @returns The final state.
   * @throws What the graph throws when the run fails (validation, provider errors).
   */
  runSession(index: number): Promise<InvoiceStateValue>
  /**
   * Waits for the background work: shadow calls, late evaluations, queued callbacks.
   *
   * @returns A promise that settles when every span of the sessions run so far has ended.
   */
  drain(): Promise<void>
  /** @returns The shadow runner's counters. */
  shadowStats(): ShadowStats
}

/** Shadow calls allowed in flight; more are dropped (and counted), never queued. */
const MAX_SHADOW_CALLS = 64
/** Real-world search time of the records retriever, in milliseconds. */
const SEARCH_MS = 150

/**
 * Wires llm-canary into the invoice workflow as an application would: arm-aware models (here from
 * the simulated factory), the callback handler with accuracy evaluators and the citation reader, the
 * shadow runner for the candidate's share of control sessions, and the router node in the graph.
 *
 * @param options - Experiment, scenario, seed, hash key, tracer and invoice pool.
 * @returns The app.
 * @example
 * const app = createInvoiceApp({ experiment, scenario: 'regression', seed: 1, hashKey, tracer, pool })
 * await app.runSession(0)
 * await app.drain()
 */
export function createInvoiceApp(options: InvoiceAppOptions): InvoiceApp {
  const { experiment, scenario, seed, hashKey, tracer, pool } = options
  const models = createArmModels<InvoiceStateValue>({
    experiment,
    factory: createSimulatedModelFactory({ experiment, scenario, seed }),
  })
  let handler: LlmCanaryHandler | undefined
  const shadows = createShadowRunner({
    experiment,
    models,
    maxInFlight: MAX_SHADOW_CALLS,
    callbacks: () => (handler === undefined ? undefined : [handler]),
  })
  const canaryHandler = new LlmCanaryHandler({
    experiment,
    hashKey,
    tracer,
    evaluators: createAccuracyEvaluators(),
    citationExtractor: readCitedSources,
    shadowRunner: shadows,
  })
  handler = canaryHandler
  const store = createRecordStore(pool)
  const graph = buildInvoiceGraph({
    experiment,
    hashKey,
    models,
    records: new RecordsRetriever((query) => store.findRecords(query), SEARCH_MS),
  })
  const callbacks = [canaryHandler]

  return {
    async runSession(index) {
      const threadId = sessionIdOf(seed, index)
      const invoice = createSeededRandom(`${seed}|${threadId}|invoice`).pick(pool)
      return graph.invoke(
        {
          invoiceText: invoice.text,
          reference: invoice.expectedFields,
          expectedDecision: invoice.expectedDecision,
        },
        { configurable: { thread_id: threadId }, callbacks },
      )
    },
    async drain() {
      await shadows.flush()
      await canaryHandler.flushEvaluations()
      await awaitAllCallbacks()
    },
    shadowStats: () => shadows.stats(),
  }
}
