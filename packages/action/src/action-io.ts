import * as core from '@actions/core'

/** Where an annotation points. */
export interface AnnotationTarget {
  readonly file: string
  readonly line?: number
  readonly title?: string
}

/**
 * Everything the action says to the runner: log lines, annotations, outputs, the job summary, the
 * failure. `run()` uses the toolkit's; tests pass a recorder.
 */
export interface ActionIO {
  info(message: string): void
  /** A warning annotation (on a file's line when `at` is given). */
  warning(message: string, at?: AnnotationTarget): void
  /** An error annotation that does not fail the step by itself. */
  error(message: string, at?: AnnotationTarget): void
  /** Hides a value in every later log line. */
  setSecret(value: string): void
  setOutput(name: string, value: string): void
  /** Replaces the step's job summary. */
  writeSummary(markdown: string): Promise<void>
  /** Fails the step with one `::error::` and exit code 1. */
  setFailed(message: string): void
}

/** The toolkit's `ActionIO`: workflow commands on stdout, `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`. */
export const toolkitIO: ActionIO = {
  info: (message) => core.info(message),
  warning: (message, at) => core.warning(message, toProperties(at)),
  error: (message, at) => core.error(message, toProperties(at)),
  setSecret: (value) => core.setSecret(value),
  setOutput: (name, value) => core.setOutput(name, value),
  writeSummary: async (markdown) => {
    if (process.env.GITHUB_STEP_SUMMARY === undefined || process.env.GITHUB_STEP_SUMMARY === '') return
    await core.summary.addRaw(markdown).write({ overwrite: true })
  },
  setFailed: (message) => core.setFailed(message),
}

function toProperties(at: AnnotationTarget | undefined): core.AnnotationProperties {
  if (at === undefined) return {}
  return {
    file: at.file,
    ...(at.line === undefined ? {} : { startLine: at.line }),
    ...(at.title === undefined ? {} : { title: at.title }),
  }
}
