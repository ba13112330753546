import { ActionError } from './errors.ts'
import type { PullRequestTarget } from './evaluate-pull-request.ts'
import { evaluatePullRequest, FORK_NOTE } from './evaluate-pull-request.ts'
import type { ExperimentResult } from './experiment-result.ts'
import type { CheckChannel } from './report/check-report.ts'
import { reportPullRequest } from './report/report-pull-request.ts'
import type { ModeOutcome, RunEnvironment } from './run-environment.ts'

/** Events `gate` mode handles. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])

/**
 * `gate` mode: gates the pull request of a `pull_request` or `pull_request_target` event (check runs),
 * or the pull requests of the commit a `workflow_run` event built (commit statuses, which belong to no
 * check suite). A fork's pull request under `pull_request` gets the job summary only, and a neutral
 * outcome: its token is read-only and it has no secrets.
 *
 * @param env - Inputs, context, GitHub, traces, clock, log.
 * @returns The results to report in the outputs and the job summary.
 * @throws ActionError `EVENT_UNSUPPORTED` for any other event.
 */
export async function runGate(env: RunEnvironment): Promise<ModeOutcome> {
  const { context } = env
  if (PULL_REQUEST_EVENTS.has(context.eventName)) {
    const pull = context.event.pullRequest
    if (pull === undefined)
      throw new ActionError('EVENT_INVALID', `the ${context.eventName} payload has no pull_request`)
    const fork = pull.headRepository !== context.repository
    const readOnly = context.eventName === 'pull_request' && fork
    return gatePullRequests(env, [{ ...pull, readOnly }], 'check-run')
  }
  if (context.eventName === 'workflow_run') {
    const run = context.event.workflowRun
    if (run === undefined)
      throw new ActionError('EVENT_INVALID', 'the workflow_run payload has no workflow_run')
    const numbers =
      run.pullRequests.length > 0 ? run.pullRequests : await findPullRequestsByHead(env, run.headSha)
    const targets: PullRequestTarget[] = []
    for (const number of numbers) {
      const pull = await env.api.getPullRequest(number)
      if (pull.headSha !== run.headSha) continue
      targets.push({
        number,
        headSha: pull.headSha,
        baseSha: pull.baseSha,
        labels: pull.labels,
        readOnly: false,
      })
    }
    return gatePullRequests(env, targets, 'status')
  }
  throw new ActionError(
    'EVENT_UNSUPPORTED',
    `mode gate runs on pull_request, pull_request_target or workflow_run events, and this run is a ${context.eventName} event; use mode: watch on schedule, push or workflow_dispatch`,
  )
}

async function gatePullRequests(
  env: RunEnvironment,
  targets: readonly PullRequestTarget[],
  channel: CheckChannel,
): Promise<ModeOutcome> {
  const results: ExperimentResult[] = []
  const notes: string[] = []
  const failures: string[] = []
  for (const target of targets) {
    const evaluation = await evaluatePullRequest(env, target)
    for (const problem of evaluation.problems) {
      env.io.error(problem.message, {
        file: problem.file,
        ...(problem.line === undefined ? {} : { line: problem.line }),
      })
    }
    if (evaluation.problems.length > 0) {
      const files = [...new Set(evaluation.problems.map((problem) => problem.file))]
      failures.push(
        `${files.join(', ')} at the head of #${target.number} ${files.length === 1 ? 'is not a valid experiment file' : 'are not valid experiment files'}: see the annotations, or run llm-canary validate`,
      )
    }
    if (target.readOnly) {
      notes.push(`⚪ #${target.number}: ${FORK_NOTE}.`)
    } else {
      await reportPullRequest(
        env,
        { number: target.number, headSha: target.headSha, labels: target.labels, channel },
        evaluation.results,
      )
    }
    results.push(...evaluation.results)
  }
  const title =
    targets.length === 1
      ? `llm-canary gate · pull request #${targets[0]?.number}`
      : `llm-canary gate · ${targets.length} pull requests`
  if (targets.length === 0)
    notes.push('No open pull request has the commit this workflow run built: nothing to gate.')
  return { results, title, notes, failures }
}

/** The open pull requests whose head is a commit (a fork's `workflow_run` payload lists none). */
async function findPullRequestsByHead(env: RunEnvironment, sha: string): Promise<number[]> {
  const base = await env.api.getDefaultBranch()
  const numbers: number[] = []
  for await (const pull of env.api.listPullRequests({ state: 'open', base, sort: 'updated', max: 100 })) {
    if (pull.headSha === sha) numbers.push(pull.number)
  }
  return numbers
}
