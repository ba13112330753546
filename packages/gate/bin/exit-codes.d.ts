/** Exit codes of the llm-canary CLI (see exit-codes.js). */
export declare const ExitCode: {
  /** The gate passed (or the command succeeded). */
  readonly Pass: 0
  /** The gate failed: the candidate regressed. */
  readonly Fail: 1
  /** A usage or configuration error, or anything unexpected (a crash, memory exhausted): nothing was decided. */
  readonly Usage: 2
  /** Inconclusive or review: not enough data yet, or a person must look. */
  readonly Undecided: 3
  /** The trace backend (or trace file) could not be read within its limits and deadline: no verdict. */
  readonly Backend: 4
}

/** One of the CLI's exit codes. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]
