import { do_not_optimize, measure } from 'mitata'

/** One measured operation of a benchmark. */
export interface BenchRow {
  /** What was measured, as code: `createAssigner(80/20).assign(uuid)`. */
  readonly name: string
  /** Mean time per operation in nanoseconds. */
  readonly avgNs: number
  /** Median of mitata's samples, in nanoseconds per operation. */
  readonly p50Ns: number
  /** 99th percentile of mitata's samples, in nanoseconds per operation. */
  readonly p99Ns: number
  /** A short remark shown in the table (`baseline`, `hot path`). */
  readonly note: string
}

/** What one `bench/*.bench.ts` module reports; `bench/run.ts` turns it into `docs/bench/<slug>.md`. */
export interface BenchReport {
  /** File name of the Markdown report, without extension: `assignment`. */
  readonly slug: string
  /** Title of the report. */
  readonly title: string
  /** Sentences printed above the table: what is measured and how. */
  readonly description: readonly string[]
  /** The measured operations, in the order the table lists them. */
  readonly rows: readonly BenchRow[]
  /** Sentences printed below the table: targets met or missed, comparisons. */
  readonly conclusions: readonly string[]
}

/** The shape every `bench/*.bench.ts` module exports. */
export interface BenchModule {
  /** Runs the module's measurements; called once by `bench/run.ts`. */
  runBench(): Promise<BenchReport>
}

/**
 * Measures one operation with mitata and returns its row.
 *
 * @param name - The row name.
 * @param operation - The operation; its result is passed to `do_not_optimize`.
 * @param note - The row's remark.
 * @returns The row, times in nanoseconds per operation.
 */
export async function measureRow(name: string, operation: () => unknown, note = ''): Promise<BenchRow> {
  const stats = await measure(() => {
    do_not_optimize(operation())
  })
  return { name, avgNs: stats.avg, p50Ns: stats.p50, p99Ns: stats.p99, note }
}
