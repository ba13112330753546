import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { env } from 'node:process'
import type { BenchReport } from '@llm-canary/bench-kit'
import { bundleChildren } from '@llm-canary/bench-kit'
import type { HeadlineRow } from './bench-report.ts'
import type { BenchMode } from './bench-workload.ts'
import type { InterleaveOptions } from './child-pool.ts'
import { checkProcess, measureInterleaved, startProcesses } from './child-pool.ts'
import type { ModeResult } from './handler-report.ts'
import { CHECKED_OPERATIONS, describeResults, summariseMode } from './handler-report.ts'
import { CONFIGURATIONS } from './tracer-configurations.ts'

/**
 * Rounds of each mode: many short batches (tens of milliseconds), so the two batches of a pair run
 * close together and share the machine's load; `LLM_CANARY_BENCH_ROUNDS` overrides the count for a
 * quick look.
 */
function modeOptions(mode: BenchMode): InterleaveOptions {
  const override = env.LLM_CANARY_BENCH_ROUNDS === undefined ? undefined : Number(env.LLM_CANARY_BENCH_ROUNDS)
  return mode === 'direct'
    ? { rounds: override ?? 100, warmupRounds: 5, batch: 200 }
    : { rounds: override ?? 200, warmupRounds: 5, batch: 5 }
}

/**
 * Handler benchmark: llm-canary's handler beside the tracers a user would pick instead (Langfuse,
 * OpenLLMetry, OpenInference), each configuration in its own process with the same workload (a
 * 5-node LangGraph with the router, the same scripted chat model reporting usage) and the same OTel SDK
 * (global provider, BatchSpanProcessor, an exporter that drops spans), in interleaved batches; every
 * configuration's spans are checked (count, roots, parents, LLM spans with usage).
 *
 * @returns The report `bench/run.ts` writes as the `handler` section of docs/benchmarks.md.
 */
export async function runBench(): Promise<BenchReport<HeadlineRow>> {
  const bundles = await bundleChildren({
    entries: { 'tracer-child': new URL('tracer-child.ts', import.meta.url) },
    outDir: new URL('../node_modules/.cache/handler-bench/', import.meta.url),
    neverBundle: [
      /^@langchain\//,
      /^@langfuse\//,
      /^@traceloop\//,
      /^@arizeai\//,
      /^@opentelemetry\//,
      /^mitata/,
    ],
  })
  const loadStart = loadavg()[0]!
  const { processes, stopAll } = await startProcesses(bundles['tracer-child']!, CONFIGURATIONS)
  try {
    const results: ModeResult[] = []
    for (const mode of ['direct', 'graph'] as const) {
      const options = modeOptions(mode)
      const times = await measureInterleaved(processes, mode, options)
      const checks = new Map(
        await Promise.all(
          processes.map(async (p) => [p.name, await checkProcess(p, mode, CHECKED_OPERATIONS)] as const),
        ),
      )
      results.push(summariseMode(mode, options, times, checks))
    }
    const exported = new Map<string, number>()
    for (const configuration of processes) {
      const reply = await configuration.ask({ type: 'stop' })
      if (reply.type === 'stopped') exported.set(configuration.name, reply.exported)
    }
    const load = `1-minute load average ${loadStart.toFixed(2)} before and ${loadavg()[0]!.toFixed(2)} after the runs, on ${cpus().length} cores`
    return describeResults(results, exported, peerVersions(), load)
  } finally {
    stopAll()
  }
}

/** The peers' pinned versions, from this package's devDependencies. */
function peerVersions(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    devDependencies: Record<string, string>
  }
  return manifest.devDependencies
}
