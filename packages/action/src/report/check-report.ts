import type { ExperimentResult } from '../experiment-result.ts'
import type { CheckAnnotation, GitHubApi } from '../github/github-api.ts'
import { MAX_ANNOTATIONS_PER_REQUEST } from '../github/github-api.ts'
import { fitText } from './fit-text.ts'

/**
 * Where a gate's result goes: a check run (the default; rich summary and annotations), or a commit
 * status (keyed by context, so immune to the check-suite mix-up of runs created with GITHUB_TOKEN; the
 * report of a `workflow_run` setup).
 */
export type CheckChannel = 'check-run' | 'status'

/** A check run's summary holds at most 65,535 characters. */
export const CHECK_SUMMARY_MAX_CHARS = 65_535
/** A commit status's description holds at most 140 characters. */
const STATUS_DESCRIPTION_MAX_CHARS = 140
/** A check run's title: kept short for the checks list. */
const CHECK_TITLE_MAX_CHARS = 250

/** What to publish for one experiment on one commit. */
export interface CheckPublication {
  readonly result: ExperimentResult
  readonly sha: string
  /** The rendered summary (Markdown, at most 65,535 characters). */
  readonly summary: string
  readonly detailsUrl: string | undefined
}

/**
 * Publishes an experiment's state as a check run or a commit status. A check run still in progress is
 * updated in place (a later run decides it); a completed one is replaced by a new run of the same name
 * when the new state is in progress or carries annotations, since GitHub cannot reopen a completed run and
 * appends annotations on update. Annotations go in batches of 50.
 *
 * @param api - GitHub.
 * @param publication - The result, the commit, the summary and the details link.
 * @param channel - Check run or commit status.
 */
export async function publishCheck(
  api: GitHubApi,
  publication: CheckPublication,
  channel: CheckChannel,
): Promise<void> {
  const { result, sha } = publication
  const state = result.decision.check
  if (channel === 'status') {
    await api.createStatus(sha, {
      state: state === 'pending' ? 'pending' : state === 'failure' ? 'failure' : 'success',
      context: result.checkName,
      description: fitText(
        state === 'neutral' || state === 'skipped'
          ? `${state}: ${result.decision.title}`
          : result.decision.title,
        STATUS_DESCRIPTION_MAX_CHARS,
      ),
      ...(publication.detailsUrl === undefined ? {} : { targetUrl: publication.detailsUrl }),
    })
    return
  }
  const annotations = buildAnnotations(result)
  const [first = [], ...rest] = chunk(annotations, MAX_ANNOTATIONS_PER_REQUEST)
  const fields = (batch: readonly CheckAnnotation[]) => ({
    name: result.checkName,
    ...(state === 'pending'
      ? { status: 'in_progress' as const }
      : { status: 'completed' as const, conclusion: state }),
    ...(publication.detailsUrl === undefined ? {} : { detailsUrl: publication.detailsUrl }),
    externalId: result.experiment,
    output: {
      title: fitText(result.decision.title, CHECK_TITLE_MAX_CHARS),
      summary: fitText(publication.summary, CHECK_SUMMARY_MAX_CHARS),
      ...(batch.length === 0 ? {} : { annotations: batch }),
    },
  })
  const [existing] = await api.listCheckRuns(sha, result.checkName)
  const reopen = state === 'pending' || annotations.length > 0
  let id: number
  if (existing !== undefined && (existing.status !== 'completed' || !reopen)) {
    id = existing.id
    await api.updateCheckRun(id, fields(first))
  } else {
    id = await api.createCheckRun(sha, fields(first))
  }
  for (const batch of rest) await api.updateCheckRun(id, fields(batch))
}

/** One failure annotation per failing guardrail, on its line of the experiment file. */
function buildAnnotations(result: ExperimentResult): CheckAnnotation[] {
  return (result.findings ?? []).map((finding) => ({
    path: result.file,
    start_line: finding.line,
    end_line: finding.line,
    annotation_level: 'failure',
    title: `${result.checkName}: ${finding.metric}`,
    message: finding.message,
  }))
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}
