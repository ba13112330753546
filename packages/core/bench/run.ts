/**
 * Runs every `bench/*.bench.ts` module (each exports `runBench(): Promise<BenchReport>`), writes one
 * Markdown report per module to `docs/bench/<slug>.md` at the repository root, and prints it.
 * Run from packages/core with `pnpm bench`; pass a module name (`pnpm bench assignment`) to run one.
 */
import { nsColumns, runBenchmarks } from '@llm-canary/bench-kit'

await runBenchmarks({ runner: import.meta.url, command: '`pnpm bench`', columns: nsColumns })
