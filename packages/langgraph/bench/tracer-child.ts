/**
 * One configuration of the handler benchmark, in its own process (bundled by handler.bench.ts and
 * started with `fork`). It sets up the OpenTelemetry SDK (global tracer provider with a
 * BatchSpanProcessor into an exporter that drops spans, AsyncLocalStorage context manager), installs
 * the configuration named by its first argument, then answers the parent's messages:
 * `batch` runs operations and replies with the CPU and wall time they took; `check` runs operations one
 * by one and replies with what each recorded; `stop` reports the exported span count and exits.
 *
 * Started without an IPC channel it runs `count` operations of a mode and exits, for profiling:
 * `node --cpu-prof node_modules/.cache/handler-bench/tracer-child.mjs llm-canary direct 20000`.
 */
import { argv, cpuUsage, exit, hrtime } from 'node:process'
import { awaitAllCallbacks } from '@langchain/core/callbacks/promises'
import { context, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { ExportResultCode } from '@opentelemetry/core'
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base'
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { do_not_optimize } from 'mitata'
import type { BenchMode } from './bench-workload.ts'
import { createWorkload } from './bench-workload.ts'
import type { ChildReply, ParentMessage } from './child-protocol.ts'
import { checkSpans } from './span-check.ts'
import { CONFIGURATIONS } from './tracer-configurations.ts'
import { installTracer } from './tracer-setups.ts'

/** Drops exported spans (the processor's batching stays, the I/O goes); keeps them while checking. */
class BenchExporter implements SpanExporter {
  exported = 0
  kept: ReadableSpan[] | undefined
  export(spans: ReadableSpan[], resultCallback: (result: { code: ExportResultCode }) => void): void {
    this.exported += spans.length
    this.kept?.push(...spans)
    resultCallback({ code: ExportResultCode.SUCCESS })
  }
  shutdown(): Promise<void> {
    return Promise.resolve()
  }
}

const name = argv[2]
const configuration = CONFIGURATIONS.find((candidate) => candidate === name)
if (configuration === undefined) {
  console.error(`tracer-child: unknown configuration ${String(name)}; one of ${CONFIGURATIONS.join(', ')}`)
  exit(2)
}

const exporter = new BenchExporter()
const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] })
trace.setGlobalTracerProvider(provider)
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
const workload = createWorkload()
const tracer = installTracer(configuration, workload.experiment)
const operation = (mode: BenchMode) =>
  mode === 'direct' ? () => workload.direct(tracer.callbacks) : () => workload.graphRun(tracer.callbacks)

async function runBatch(mode: BenchMode, size: number): Promise<ChildReply> {
  const run = operation(mode)
  const startedCpu = cpuUsage()
  const startedWall = hrtime.bigint()
  for (let n = 0; n < size; n++) do_not_optimize(await run())
  // Background callbacks (LangChain's default for handlers that do not ask to be awaited) belong to the batch.
  await awaitAllCallbacks()
  const wallNs = Number(hrtime.bigint() - startedWall)
  const cpu = cpuUsage(startedCpu)
  return { type: 'batch', cpuNs: (cpu.user + cpu.system) * 1e3, wallNs }
}

async function runChecks(mode: BenchMode, count: number): Promise<ChildReply> {
  const run = operation(mode)
  await provider.forceFlush()
  const checks = []
  for (let n = 0; n < count; n++) {
    exporter.kept = []
    await run()
    await awaitAllCallbacks()
    await provider.forceFlush()
    checks.push(checkSpans(exporter.kept))
  }
  exporter.kept = undefined
  return { type: 'check', checks, openEntries: tracer.openEntries?.() }
}

async function answer(message: ParentMessage): Promise<ChildReply> {
  switch (message.type) {
    case 'batch':
      return runBatch(message.mode, message.size)
    case 'check':
      return runChecks(message.mode, message.count)
    case 'stop':
      await provider.forceFlush()
      return { type: 'stopped', exported: exporter.exported }
  }
}

if (process.send === undefined) {
  const mode: BenchMode = argv[3] === 'graph' ? 'graph' : 'direct'
  const reply = await runBatch(mode, Number(argv[4] ?? 10_000))
  if (reply.type === 'batch')
    console.log(
      `${configuration} ${mode}: ${(reply.cpuNs / Number(argv[4] ?? 10_000) / 1000).toFixed(1)} µs CPU per operation`,
    )
  await provider.shutdown()
  exit(0)
}

process.on('message', (message: ParentMessage) => {
  answer(message).then(
    (reply) => {
      // After the last reply is on its way, closing the channel ends the child (see 'disconnect').
      process.send?.(reply, () => {
        if (reply.type === 'stopped') process.disconnect()
      })
    },
    (err: unknown) => {
      process.send?.({
        type: 'failed',
        message: err instanceof Error ? (err.stack ?? err.message) : String(err),
      })
    },
  )
})
// The parent gone (stopped, killed), the child has nothing left to answer.
process.on('disconnect', () => exit(0))
process.send?.({ type: 'ready' } satisfies ChildReply)
