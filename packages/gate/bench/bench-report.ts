/** One measured run of a benchmark (the gate's rows are whole runs, not nanosecond operations). */
export interface BenchRow {
  /** What was run: `analyzeSpans(file:…)`. */
  readonly name: string
  /** Wall time in seconds. */
  readonly seconds: number
  /** CPU time (user + system) of the process that ran it, in seconds. */
  readonly cpuSeconds: number
  /** Spans read per second of wall time. */
  readonly spansPerSecond: number
  /** Peak resident set size of the process that ran it, in MB (`process.resourceUsage().maxRSS`). */
  readonly peakRssMb: number
  /** A short remark shown in the table. */
  readonly note: string
}

/**
 * What one `bench/*.bench.ts` module reports; `bench/run.ts` turns it into `docs/bench/<slug>.md`. Same
 * shape as core's benchmark reports (slug, title, description, rows, conclusions), with whole-run rows.
 */
export interface BenchReport {
  /** File name of the Markdown report, without extension: `gate`. */
  readonly slug: string
  readonly title: string
  /** Sentences printed above the table: what is measured and how. */
  readonly description: readonly string[]
  readonly rows: readonly BenchRow[]
  /** Sentences printed below the table: targets met or missed, comparisons. */
  readonly conclusions: readonly string[]
}

/** The shape every `bench/*.bench.ts` module exports. */
export interface BenchModule {
  /** Runs the module's measurements; called once by `bench/run.ts`. */
  runBench(): Promise<BenchReport>
}
