/**
 * Exit codes of the llm-canary CLI: the one table, shared by the launcher (llm-canary.js), the CLI
 * (src/cli/main.ts, src/errors.ts) and the docs. A crash is never 0 or 1: those two say what the data
 * says, and only a finished analysis returns them.
 */
export const ExitCode = Object.freeze({
  /** The gate passed (or the command succeeded). */
  Pass: 0,
  /** The gate failed: the candidate regressed. */
  Fail: 1,
  /** A usage or configuration error, or anything unexpected (a crash, memory exhausted): nothing was decided. */
  Usage: 2,
  /** Inconclusive or review: not enough data yet, or a person must look. */
  Undecided: 3,
  /** The trace backend (or trace file) could not be read within its limits and deadline: no verdict. */
  Backend: 4,
})
