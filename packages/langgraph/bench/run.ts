/**
 * Runs every `bench/*.bench.ts` module of this package (each exports `runBench(): Promise<BenchReport>`)
 * and writes each report as its section of docs/benchmarks.md at the repository root, and prints it.
 * Run from packages/langgraph with `tsx --conditions=@llm-canary/source bench/run.ts` (the `bench` script);
 * pass a module name (`... bench/run.ts handler`) to run one. The machine description lists the load
 * average (the measurements are meant for a shared machine).
 */
import { runBenchmarks } from '@llm-canary/bench-kit'
import { headlineColumns } from './bench-report.ts'
import { CONFIGURATION_INFO, HEADLINE_CONFIGURATIONS } from './tracer-configurations.ts'

await runBenchmarks({
  runner: import.meta.url,
  command: '`pnpm bench`',
  columns: headlineColumns(
    HEADLINE_CONFIGURATIONS.map((name) => (name === 'noop' ? 'no-op floor' : CONFIGURATION_INFO[name].label)),
  ),
  loadAverage: true,
})
