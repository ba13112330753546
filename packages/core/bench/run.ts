/**
 * Runs every `bench/*.bench.ts` module (each exports `runBench(): Promise<BenchReport>`), writes each
 * report as its section of docs/benchmarks.md at the repository root, and prints it.
 * Run from packages/core with `pnpm bench`; pass a module name (`pnpm bench assignment`) to run one.
 */
import { nsColumns, runBenchmarks } from '@llm-canary/bench-kit'

await runBenchmarks({
  runner: import.meta.url,
  command: '`pnpm bench`',
  columns: nsColumns,
  loadAverage: true,
})
