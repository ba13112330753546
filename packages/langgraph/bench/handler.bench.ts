import { BaseCallbackHandler } from '@langchain/core/callbacks/base'
import { HumanMessage, SystemMessage } from '@langchain/core/messages'
import { Annotation, END, START, StateGraph } from '@langchain/langgraph'
import type { BenchReport, NsRow } from '@llm-canary/bench-kit'
import { ExportResultCode } from '@opentelemetry/core'
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base'
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { LlmCanaryHandler } from '../src/handler/llm-canary-handler.ts'
import { makeExperiment, makeSession, ScriptedChatModel } from '../src/handler/test-support.ts'
import type { InterleavedResult } from './bench-report.ts'
import { measureInterleaved } from './bench-report.ts'

const TARGET_DIRECT_US = 70
const TARGET_GRAPH_US = 350
const LLM_NODES = 3

/** Exporter that drops every batch: the processor's batching cost stays, the I/O goes. */
class DiscardingExporter implements SpanExporter {
  exported = 0
  export(spans: ReadableSpan[], resultCallback: (result: { code: ExportResultCode }) => void): void {
    this.exported += spans.length
    resultCallback({ code: ExportResultCode.SUCCESS })
  }
  shutdown(): Promise<void> {
    return Promise.resolve()
  }
}

/** A handler that implements every callback the LLM canary handler does, and does nothing. */
class NoopHandler extends BaseCallbackHandler {
  name = 'noop_handler'
  override handleChainStart() {}
  override handleChainEnd() {}
  override handleChainError() {}
  override handleChatModelStart() {}
  override handleLLMEnd() {}
  override handleLLMError() {}
  override handleLLMNewToken() {}
  override handleToolStart() {}
  override handleToolEnd() {}
  override handleRetrieverStart() {}
  override handleRetrieverEnd() {}
}

const State = Annotation.Root({
  unit: Annotation<string>,
  llmCanary: Annotation<unknown>,
  notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
})

/**
 * Handler overhead benchmark: microseconds added per LLM call by `LlmCanaryHandler` (callbacks awaited)
 * over the same work without callbacks, for a direct `model.invoke` and inside a 4-node graph, with a
 * no-op handler as the floor any LangChain handler pays.
 *
 * @returns The report `bench/run.ts` writes to `docs/bench/handler.md`.
 */
export async function runBench(): Promise<BenchReport<NsRow>> {
  const experiment = makeExperiment()
  const exporter = new DiscardingExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] })
  const tracer = provider.getTracer('bench')
  const canary = () =>
    new LlmCanaryHandler({ experiment, hashKey: 'bench-key', tracer, captureMessageContent: false })
  const model = new ScriptedChatModel({
    modelName: 'gpt-4.1',
    answers: [
      {
        text: 'The invoice total is 1,200.50 EUR, due on 2026-05-03.',
        usage: {
          input_tokens: 812,
          output_tokens: 64,
          total_tokens: 876,
          input_token_details: { cache_read: 512 },
        },
        responseModel: 'gpt-4.1-2025-04-14',
        finishReason: 'stop',
      },
    ],
  })
  const messages = [
    new SystemMessage(
      'You extract invoice fields. Answer with the total, the currency and the due date only.',
    ),
    new HumanMessage(
      'Invoice #4411 from ACME GmbH. Lines: 3 x widgets at 400.1667 EUR. Payment due 3 May 2026.',
    ),
  ]
  const llmNode = async () => ({ notes: [String((await model.invoke(messages)).content)] })
  const graph = new StateGraph(State)
    .addNode('router', (state) => ({ llmCanary: makeSession(experiment, state.unit) }))
    .addNode('extractor', llmNode)
    .addNode('checker', llmNode)
    .addNode('summarizer', llmNode)
    .addEdge(START, 'router')
    .addEdge('router', 'extractor')
    .addEdge('extractor', 'checker')
    .addEdge('checker', 'summarizer')
    .addEdge('summarizer', END)
    .compile({ name: 'invoices' })

  const noop = new NoopHandler({ _awaitHandler: true })
  const handler = canary()
  let unit = 0
  const nextUnit = () => `user-${unit++ & 1023}`

  const direct = await measureInterleaved(
    [
      { name: 'model.invoke(messages)', run: () => model.invoke(messages) },
      {
        name: 'model.invoke(messages, { callbacks: [noop] })',
        run: () => model.invoke(messages, { callbacks: [noop] }),
      },
      {
        name: 'model.invoke(messages, { callbacks: [llmCanary] })',
        run: () => model.invoke(messages, { callbacks: [handler] }),
      },
    ],
    { rounds: 60, batch: 200, warmupRounds: 5 },
  )
  const inGraph = await measureInterleaved(
    [
      { name: 'graph.invoke(4 nodes, 3 LLM calls)', run: () => graph.invoke({ unit: nextUnit() }) },
      {
        name: 'graph.invoke(..., { callbacks: [noop] })',
        run: () => graph.invoke({ unit: nextUnit() }, { callbacks: [noop] }),
      },
      {
        name: 'graph.invoke(..., { callbacks: [llmCanary] })',
        run: () => graph.invoke({ unit: nextUnit() }, { callbacks: [handler] }),
      },
    ],
    { rounds: 40, batch: 20, warmupRounds: 3 },
  )
  await provider.forceFlush()
  if (handler.openRunCount() !== 0) throw new Error(`handler kept ${handler.openRunCount()} entries`)
  if (exporter.exported === 0) throw new Error('no span reached the exporter')

  const addedUs = (result: InterleavedResult, index: number, calls: number) =>
    result.medianDeltaNs[index]! / calls / 1000
  const annotate = (result: InterleavedResult, calls: number): NsRow[] =>
    result.rows.map((row, index) =>
      index === 0
        ? { ...row, note: 'baseline' }
        : { ...row, note: `+${addedUs(result, index, calls).toFixed(1)} µs per LLM call` },
    )
  const directUs = addedUs(direct, 2, 1)
  const graphUs = addedUs(inGraph, 2, LLM_NODES)
  const verdict = (value: number, target: number) => (value <= target ? 'met' : 'MISSED')
  return {
    slug: 'handler',
    title: 'LlmCanaryHandler overhead',
    description: [
      "Callbacks are awaited (`awaitHandlers: true`, the default), so the handler runs on the caller's path.",
      'Variants are measured in interleaved batches (bench-report.ts `measureInterleaved`): 60 rounds of 200 direct calls, 40 rounds of 20 graph runs, after warm-up rounds; each batch is timed in process CPU time (the machine is shared); avg / p50 / p99 are over the batch means, in ns per operation.',
      'The added time is the median over rounds of the difference from the baseline batch of the same round, so load from other processes cancels out.',
      'The chat model is a scripted fake (no I/O) that reports usage, cache reads, response model and finish reason, so the handler does its full work: span, attributes, HMAC input hash, price lookup.',
      `The graph has 4 nodes: a router writing the session's arm into state, then ${LLM_NODES} nodes making one LLM call each; the handler makes a workflow span, 4 agent spans and ${LLM_NODES} chat spans per run.`,
      'Spans go through the real BasicTracerProvider and BatchSpanProcessor into an exporter that drops them (no I/O).',
      '"per LLM call" divides the added time per operation by the LLM calls it makes (1 direct, 3 in the graph).',
    ],
    rows: [...annotate(direct, 1), ...annotate(inGraph, LLM_NODES)],
    conclusions: [
      `direct call: +${directUs.toFixed(1)} µs per LLM call, target at most ${TARGET_DIRECT_US} µs: ${verdict(directUs, TARGET_DIRECT_US)}.`,
      `in the graph: +${graphUs.toFixed(1)} µs per LLM call (workflow, agent and LLM spans), target at most ${TARGET_GRAPH_US} µs: ${verdict(graphUs, TARGET_GRAPH_US)}.`,
      `no-op handler floor: +${addedUs(direct, 1, 1).toFixed(1)} µs per direct call, +${addedUs(inGraph, 1, LLM_NODES).toFixed(1)} µs per call in the graph; llm-canary above the floor: +${(directUs - addedUs(direct, 1, 1)).toFixed(1)} / +${(graphUs - addedUs(inGraph, 1, LLM_NODES)).toFixed(1)} µs.`,
      'Reference points measured on the same kind of machine (direct / in graph, µs per call): Langfuse ~137 / 715, OpenLLMetry ~135 / 600, OpenInference ~290 / 1,250, no-op ~30.',
    ],
  }
}
