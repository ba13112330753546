/**
 * Runs every `bench/*.bench.ts` module of this package (each exports `runBench(): Promise<BenchReport>`),
 * writes one Markdown report per module to `docs/bench/<slug>.md` at the repository root, and prints it.
 * Run from packages/langgraph with `tsx --conditions=@llm-canary/source bench/run.ts` (the `bench` script);
 * pass a module name (`... bench/run.ts handler`) to run one. Same report layout as packages/core/bench,
 * with the load average in the machine description (the measurements are meant for a shared machine).
 */
import { nsColumns, runBenchmarks } from '@llm-canary/bench-kit'

await runBenchmarks({ runner: import.meta.url, columns: nsColumns, loadAverage: true })
