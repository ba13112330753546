import type { OverrideState } from '@llm-canary/gate'
import type { GitHubApi } from './github/github-api.ts'

/** Permissions whose holders may override a review: those who could merge anyway. */
const WRITERS = new Set(['admin', 'maintain', 'write'])

/**
 * Reads the override label's state on a pull request: whether it is there, who added it, and whether
 * they may override (write, maintain or admin, checked through the API). The most recent labeler with
 * write access counts; others are listed as ignored, with their permission, so the report can say so.
 *
 * @param api - GitHub.
 * @param pullRequest - The pull request's number and current labels.
 * @param label - The `override-label` input.
 * @returns The state; `grantedBy` only for a writer.
 */
export async function readOverride(
  api: GitHubApi,
  pullRequest: { readonly number: number; readonly labels: readonly string[] },
  label: string,
): Promise<OverrideState> {
  if (!pullRequest.labels.includes(label)) return { label }
  const ignored: { login: string; permission: string }[] = []
  for (const login of new Set(await api.listLabelers(pullRequest.number, label))) {
    const permission = await api.getPermission(login)
    if (WRITERS.has(permission)) return { label, grantedBy: login, ignored }
    ignored.push({ login, permission })
  }
  return { label, ignored }
}
