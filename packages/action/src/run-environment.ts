import type { ActionContext } from './action-context.ts'
import type { ActionIO } from './action-io.ts'
import type { TraceAccess } from './analyze-step.ts'
import type { ExperimentResult } from './experiment-result.ts'
import type { GitHubApi } from './github/github-api.ts'
import type { ActionInputs } from './inputs.ts'

/** What every mode works with: the inputs, the run's context, GitHub, the traces, the clock, the log. */
export interface RunEnvironment {
  readonly inputs: ActionInputs
  readonly context: ActionContext
  readonly api: GitHubApi
  readonly access: TraceAccess
  readonly now: Date
  readonly io: ActionIO
}

/** What a mode hands back to `run()` for the outputs, the summary and the step's result. */
export interface ModeOutcome {
  readonly results: readonly ExperimentResult[]
  /** The summary's first heading. */
  readonly title: string
  /** Markdown paragraphs for the summary (already escaped). */
  readonly notes: readonly string[]
  /** What the summary says when `results` is empty, when the default (no file in the change) is wrong. */
  readonly empty?: string
  /** URL of the revert pull request (watch). */
  readonly revertUrl?: string
  /** Errors that must fail the step after everything was reported (one line each). */
  readonly failures: readonly string[]
}
