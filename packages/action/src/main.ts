import { SecretRedactor, worstVerdict } from '@llm-canary/gate'
import { readActionContext } from './action-context.ts'
import type { ActionIO } from './action-io.ts'
import { toolkitIO } from './action-io.ts'
import { ActionError } from './errors.ts'
import { runGate } from './gate-mode.ts'
import { GitHubApi } from './github/github-api.ts'
import type { INPUT_NAMES, InputName } from './inputs.ts'
import { readInputs } from './inputs.ts'
import { renderJobSummary } from './report/job-summary.ts'
import { writeReportFile } from './report/report-file.ts'
import type { RunEnvironment } from './run-environment.ts'
import { runWatch } from './watch-mode.ts'

/** Outcomes that pass the step without a decision: said as a warning, so a green job is never read as a pass. */
const UNDECIDED = new Set(['waiting', 'no-data-yet', 'backend-error', 'not-run'])

/** What `run()` may be given instead of the process's own (tests). */
export interface RunOptions {
  /** The environment: `INPUT_*`, `GITHUB_*`, `RUNNER_TEMP`. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** How the action talks to the runner. Default the toolkit's. */
  readonly io?: ActionIO
  /** The `fetch` for GitHub and the trace backends. Default the toolkit's and the global one. */
  readonly fetch?: typeof fetch
  /** The clock. */
  readonly now?: Date
}

/**
 * The action: reads and checks the inputs, masks the secrets, runs `gate` or `watch`, writes the JSON
 * report, the outputs (`verdict`, `report-json`, `revert-pr`) and the job summary, and fails the step on
 * a regression, a person needed without an override, or a backend error under `on-backend-error: fail`.
 * Every error is caught here, once, and becomes one `::error::` line: no stack trace for a user's mistake.
 *
 * @param options - Environment, IO, fetch and clock (tests); defaults are the runner's.
 * @returns When the step's outcome is set (`process.exitCode` 1 on failure).
 * @example
 * await run() // dist/index.js
 */
export async function run(options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env
  const io = options.io ?? toolkitIO
  try {
    const read = (name: InputName): string => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? ''
    maskSecrets(io, read)
    const now = options.now ?? new Date()
    const inputs = readInputs(read, now)
    const context = readActionContext(env)
    const api = new GitHubApi({
      token: inputs.githubToken,
      repository: context.repository,
      apiUrl: context.apiUrl,
      ...(context.graphqlUrl === undefined ? {} : { graphqlUrl: context.graphqlUrl }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    })
    const runEnv: RunEnvironment = {
      inputs,
      context,
      api,
      now,
      io,
      access: {
        source: inputs.source,
        token: inputs.traceToken,
        tenant: env.LLM_CANARY_TRACE_TENANT,
        onWarning: (message) => io.warning(message),
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      },
    }
    const outcome = inputs.mode === 'gate' ? await runGate(runEnv) : await runWatch(runEnv)
    const verdict = worstVerdict(outcome.results.map((result) => result.decision.verdict))
    const reportPath = await writeReportFile(context.tempDir, outcome.results)
    io.setOutput('verdict', verdict)
    io.setOutput('report-json', reportPath)
    io.setOutput('revert-pr', outcome.revertUrl ?? '')
    await io.writeSummary(renderJobSummary(outcome.results, { ...outcome, detailsUrl: context.runUrl }))
    io.info(`llm-canary ${inputs.mode}: verdict ${verdict}; report ${reportPath}`)
    for (const result of outcome.results) {
      if (!result.decision.blocking && UNDECIDED.has(result.decision.outcome)) {
        io.warning(`${result.checkName}: ${result.decision.title}`)
      }
    }
    const blocking = outcome.results.filter((result) => result.decision.blocking)
    const failures = [
      ...outcome.failures,
      ...blocking.map((result) => `${result.checkName}: ${result.decision.title}`),
    ]
    if (failures.length > 0) io.setFailed(failures.join('\n'))
  } catch (err) {
    io.setFailed(describeError(err))
  }
}

/** Masks the tokens and the source URL's credentials (whatever they hold) before anything is printed. */
function maskSecrets(io: ActionIO, read: (name: InputName) => string): void {
  const redactor = new SecretRedactor()
  for (const name of [
    'github-token',
    'trace-token',
  ] as const satisfies readonly (typeof INPUT_NAMES)[number][]) {
    redactor.add(read(name).trim())
  }
  redactor.addUrlCredentials(read('source'))
  for (const secret of redactor.values()) io.setSecret(secret)
}

/** One message for the log: ours and the gate's say what to do; anything else is a bug, with its stack. */
function describeError(err: unknown): string {
  if (err instanceof ActionError) return err.message
  if (
    err instanceof Error &&
    typeof (err as { code?: unknown }).code === 'string' &&
    err.name === 'GateError'
  ) {
    const issues = (err as { issues?: readonly { message: string }[] }).issues ?? []
    return [err.message, ...issues.map((issue) => `  ${issue.message}`)].join('\n')
  }
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err)
  return `llm-canary hit an unexpected error; please report it with this log: ${detail}`
}
