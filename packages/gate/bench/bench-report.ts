import type { Column } from '@llm-canary/bench-kit'

/** One measured run of a benchmark (the gate's rows are whole runs, not nanosecond operations). */
export interface RunRow {
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

/** The table of whole runs: run, wall and CPU seconds, spans per second, peak RSS, note. */
export const runColumns: readonly Column<RunRow>[] = [
  { header: 'run', cell: (row) => `\`${row.name}\`` },
  { header: 'wall s', rightAligned: true, cell: (row) => row.seconds.toFixed(1) },
  { header: 'CPU s', rightAligned: true, cell: (row) => row.cpuSeconds.toFixed(1) },
  {
    header: 'spans/s',
    rightAligned: true,
    cell: (row) => Math.round(row.spansPerSecond).toLocaleString('en-US'),
  },
  { header: 'peak RSS MB', rightAligned: true, cell: (row) => row.peakRssMb.toFixed(0) },
  { header: 'note', cell: (row) => row.note },
]
