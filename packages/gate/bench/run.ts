/**
 * Runs every `bench/*.bench.ts` module of the gate (each exports `runBench(): Promise<BenchReport>`),
 * writes each report as its section of docs/benchmarks.md at the repository root, and prints it.
 * Run from packages/gate with `tsx --conditions=@llm-canary/source bench/run.ts [module]`.
 */
import { runBenchmarks } from '@llm-canary/bench-kit'
import { runColumns } from './bench-report.ts'

await runBenchmarks({
  runner: import.meta.url,
  command: '`pnpm bench` in packages/gate',
  columns: runColumns,
})
