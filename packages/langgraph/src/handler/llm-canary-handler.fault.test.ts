import type { Server } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { DiagLogLevel, diag } from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { afterEach, describe, expect, it } from 'vitest'
import { buildCanaryApp } from './graphs.fixture.ts'
import { makeExperiment } from './handler.fixture.ts'
import { LlmCanaryHandler } from './llm-canary-handler.ts'

// The trace pipeline failing must never change the application: real LangGraph graphs with the real
// OpenTelemetry SDK and OTLP HTTP exporter, against an endpoint that refuses connections or never
// answers. The graphs' results are the same as without tracing, no run waits on the exporter, memory
// stays bounded (the batch processor drops what it cannot send), and the handler keeps no run.

const experiment = makeExperiment()
const HASH_KEY = 'fault-test-key'
const SESSIONS = 200

async function runSessions(handler: LlmCanaryHandler | undefined): Promise<string[]> {
  const graph = buildCanaryApp({ experiment, hashKey: HASH_KEY })
  return Promise.all(
    Array.from({ length: SESSIONS }, async (_, n) => {
      const config = {
        configurable: { thread_id: `session-${n}` },
        ...(handler === undefined ? {} : { callbacks: [handler] }),
      }
      const result = await graph.invoke({ question: `q${n}` }, config)
      return `${result.llmCanary?.arm}:${result.answer}`
    }),
  )
}

/** A V8 `gc()` for measuring what stays reachable (the flag is set at run time, for this test only). */
function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

const servers: Server[] = []
afterEach(async () => {
  diag.disable()
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function endpoint(kind: 'refusing' | 'hanging'): Promise<string> {
  const server = createServer(() => {
    // Hanging: reads the request, never answers.
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`
  if (kind === 'refusing') {
    servers.pop()
    await new Promise((resolve) => server.close(resolve))
  }
  return url
}

describe('the handler with a failing OTLP endpoint', () => {
  for (const kind of ['refusing', 'hanging'] as const) {
    it(`leaves results unchanged, memory bounded and no run behind when the endpoint is ${kind}`, async () => {
      const exportErrors: unknown[] = []
      diag.setLogger(
        {
          error: (...args) => exportErrors.push(args),
          warn: () => {},
          info: () => {},
          debug: () => {},
          verbose: () => {},
        },
        { logLevel: DiagLogLevel.ERROR, suppressOverrideMessage: true },
      )
      const expected = await runSessions(undefined)
      const exporter = new OTLPTraceExporter({ url: await endpoint(kind), timeoutMillis: 300 })
      const provider = new BasicTracerProvider({
        spanProcessors: [
          new BatchSpanProcessor(exporter, {
            maxQueueSize: 512,
            maxExportBatchSize: 128,
            scheduledDelayMillis: 20,
            exportTimeoutMillis: 300,
          }),
        ],
      })
      const handler = new LlmCanaryHandler({
        experiment,
        hashKey: HASH_KEY,
        tracer: provider.getTracer('fault'),
      })
      const gc = collectGarbage()

      expect(await runSessions(handler)).toEqual(expected)
      gc()
      const heapAfterFirst = process.memoryUsage().heapUsed
      // Four times more sessions: what the failing exporter cannot send must not pile up.
      for (let round = 1; round <= 4; round++) expect(await runSessions(handler)).toEqual(expected)
      gc()
      const growthMb = (process.memoryUsage().heapUsed - heapAfterFirst) / 1_048_576
      expect(growthMb).toBeLessThan(40)
      expect(handler.openRunCount()).toBe(0)

      // Shutting the pipeline down settles within the exporter's timeout, whatever the endpoint does (it
      // reports the failed export; the application has long finished).
      const shutdown = await provider.shutdown().then(
        () => 'flushed',
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      )
      expect(shutdown).toMatch(kind === 'refusing' ? /ECONNREFUSED|flushed/ : /Timeout|flushed/)
      expect(exportErrors.length).toBeGreaterThan(0)
    }, 120_000)
  }
})
