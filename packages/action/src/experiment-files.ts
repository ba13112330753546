import type { Experiment } from '@llm-canary/core'
import { formatLocatedIssue, parseExperimentText } from '@llm-canary/gate'
import picomatch from 'picomatch'
import { ActionError } from './errors.ts'
import type { GitHubApi } from './github/github-api.ts'

/** An experiment file read at a commit, as data: its text and the validated experiment. */
export interface ExperimentAtCommit {
  readonly path: string
  readonly commit: string
  readonly text: string
  /** The file's blob sha (to replace it in a revert). */
  readonly blobSha: string
  readonly experiment: Experiment
}

/**
 * Builds the matcher of the `experiment` input: a path or glob per entry, dot-files included, anything
 * under a `node_modules` folder excluded.
 *
 * @param globs - The input's globs.
 * @returns A predicate over repository-relative paths.
 * @example
 * createExperimentMatcher(['**\/experiment*.y*ml'])('deploy/experiment.yaml') // true
 */
export function createExperimentMatcher(globs: readonly string[]): (path: string) => boolean {
  const isMatch = picomatch([...globs], { dot: true, ignore: ['**/node_modules/**', 'node_modules/**'] })
  return (path) => isMatch(path)
}

/**
 * Reads an experiment file at a commit through the API and validates it with the gate (YAML without
 * custom tags, alias expansion capped, core's schema, model ids checked) before anything uses it.
 *
 * @param api - GitHub.
 * @param path - The file's path in the repository.
 * @param commit - The commit sha.
 * @returns The file, or undefined when it does not exist at that commit.
 * @throws ActionError `EXPERIMENT_INVALID` with every problem at its line.
 */
export async function readExperimentAt(
  api: GitHubApi,
  path: string,
  commit: string,
): Promise<ExperimentAtCommit | undefined> {
  const file = await api.readFile(path, commit)
  if (file === undefined) return undefined
  return {
    path,
    commit,
    text: file.text,
    blobSha: file.sha,
    experiment: parseExperimentAt(path, commit, file.text),
  }
}

/**
 * Validates an experiment file's text read at a commit.
 *
 * @throws ActionError `EXPERIMENT_INVALID` with every problem at its line.
 */
function parseExperimentAt(path: string, commit: string, text: string): Experiment {
  try {
    return parseExperimentText(text, path).experiment
  } catch (err) {
    const issues = (
      err as {
        issues?: readonly {
          path: readonly (string | number)[]
          message: string
          line?: number
          column?: number
        }[]
      }
    ).issues
    if (issues === undefined || issues.length === 0) throw err
    const problems = issues.map((issue) => ({
      file: path,
      ...(issue.line === undefined ? {} : { line: issue.line }),
      ...(issue.column === undefined ? {} : { column: issue.column }),
      message: formatLocatedIssue(undefined, issue),
    }))
    throw new ActionError(
      'EXPERIMENT_INVALID',
      `${path} at ${commit.slice(0, 7)} is not a valid experiment file:\n${issues.map((issue) => `  ${formatLocatedIssue(path, issue)}`).join('\n')}\nRun llm-canary validate ${path} locally to see every problem.`,
      { problems },
    )
  }
}
