import type { DataWindow } from '@llm-canary/gate'
import { rolloutConfigurationKey } from '@llm-canary/gate'
import { ActionError } from './errors.ts'
import type { ExperimentAtCommit } from './experiment-files.ts'
import { readExperimentAt } from './experiment-files.ts'
import type { CommitInfo, GitHubApi } from './github/github-api.ts'

/** Commits read at most while looking for the start of a configuration. */
const MAX_HISTORY_COMMITS = 30

/** Where the current configuration of an experiment file started, and what came before it. */
export interface ConfigurationStart {
  /** The window: since the commit that gave the file its current configuration. */
  readonly window: DataWindow
  /** That commit. */
  readonly commit: CommitInfo
  /** The file as it was before that commit; undefined when the commit created it (or it did not parse). */
  readonly previous: ExperimentAtCommit | undefined
}

/**
 * Finds the commit that gave an experiment file its current configuration (`rolloutConfigurationKey`:
 * arms, models, weights, shadows, salt, scope), walking the file's history back from `from` with the
 * commits API and reading the file at each commit as data. Edits that change only guardrails or pricing
 * do not restart the window. The commit's committer date starts the window: the merge time for squash
 * and rebase merges (a true merge gives the branch commit's date; set `since` to pin it).
 *
 * @param api - GitHub.
 * @param current - The file at `from`, validated.
 * @returns The start, and the file before it.
 * @throws ActionError when the history cannot be read.
 */
export async function findConfigurationStart(
  api: GitHubApi,
  current: ExperimentAtCommit,
  maxCommits = MAX_HISTORY_COMMITS,
): Promise<ConfigurationStart> {
  const key = rolloutConfigurationKey(current.experiment)
  let start: CommitInfo | undefined
  let read = 0
  for await (const commit of api.listCommitsTouching({
    sha: current.commit,
    path: current.path,
    max: maxCommits,
  })) {
    read += 1
    if (start === undefined) {
      // The newest commit touching the file: its content is the current one.
      start = commit
      continue
    }
    const older = await readQuietly(api, current.path, commit.sha)
    if (older === undefined || rolloutConfigurationKey(older.experiment) !== key) {
      return { window: windowAt(start, 'configuration'), commit: start, previous: older }
    }
    start = commit
  }
  if (start === undefined) {
    throw new ActionError(
      'GITHUB_REQUEST_FAILED',
      `GitHub lists no commit touching ${current.path} from ${current.commit.slice(0, 7)}; set the since input to choose the data window`,
    )
  }
  // The walk ended: either the file was created at `start`, or the history limit was reached.
  const limited = read >= maxCommits
  return {
    window: windowAt(start, limited ? 'history-limit' : 'configuration'),
    commit: start,
    previous: undefined,
  }
}

function windowAt(commit: CommitInfo, origin: DataWindow['origin']): DataWindow {
  return { since: commit.date, origin, commit: commit.sha }
}

/** The file at an older commit; undefined when it is missing or does not validate there. */
async function readQuietly(
  api: GitHubApi,
  path: string,
  commit: string,
): Promise<ExperimentAtCommit | undefined> {
  try {
    return await readExperimentAt(api, path, commit)
  } catch (err) {
    if ((err as { code?: unknown }).code === 'EXPERIMENT_INVALID') return undefined
    throw err
  }
}
