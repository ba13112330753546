/**
 * What one `bench/*.bench.ts` module reports; the package's `bench/run.ts` turns it into the
 * `<slug>` section of `docs/benchmarks.md`. `Row` is the shape of one table row: `NsRow` for per-operation timings
 * (core, langgraph), a package's own shape for other measures (the gate's whole runs).
 */
export interface BenchReport<Row> {
  /** Name of the report's section in docs/benchmarks.md: `assignment`. */
  readonly slug: string
  /** Title of the report. */
  readonly title: string
  /** Sentences printed above the table: what is measured and how. */
  readonly description: readonly string[]
  /** The measured operations, in the order the table lists them. */
  readonly rows: readonly Row[]
  /** Markdown printed after the table and before the conclusions (further tables, with their headings). */
  readonly afterTable?: readonly string[]
  /** Sentences printed below the table: targets met or missed, comparisons. */
  readonly conclusions: readonly string[]
}

/** The shape every `bench/*.bench.ts` module exports. */
export interface BenchModule<Row> {
  /** Runs the module's measurements; called once by `bench/run.ts`. */
  runBench(): Promise<BenchReport<Row>>
}

/**
 * One measured operation, timed in nanoseconds per operation. The statistics are over the samples of
 * the package's measuring helper: mitata's samples (core's `measureRow`) or batch means (langgraph's
 * `measureInterleaved`).
 */
export interface NsRow {
  /** What was measured, as code: `createAssigner(80/20).assign(uuid)`. */
  readonly name: string
  /** Mean time per operation in nanoseconds. */
  readonly avgNs: number
  /** Median of the samples, in nanoseconds per operation. */
  readonly p50Ns: number
  /** 99th percentile of the samples, in nanoseconds per operation. */
  readonly p99Ns: number
  /** A short remark shown in the table (`baseline`, `hot path`, `+12.3 µs per LLM call`). */
  readonly note: string
}
