import { createHash } from 'node:crypto'
import { renderMarkerComment } from '@llm-canary/gate'
import type { CommentInfo, GitHubApi } from '../github/github-api.ts'

/** What happened to the comment. */
export type CommentOutcome = 'created' | 'updated' | 'unchanged' | 'absent'

/** The hidden line that carries the digest of a comment's content. */
const DIGEST_PREFIX = '<!-- llm-canary-digest:'

/** Permissions whose marker comments count as the action's own when a personal token posts them. */
const WRITERS = new Set(['admin', 'maintain', 'write'])

/**
 * Upserts the action's one comment per experiment on a pull request: found again by its hidden marker
 * and its author (a bot — the Actions token or an app — or, when a personal token posts, a writer of
 * the repository), so a user who pastes the marker cannot hijack it. Edited in place, never posted twice;
 * not edited at all when the digest of its content is unchanged (a re-run on the same data).
 *
 * @param api - GitHub.
 * @param number - The pull request.
 * @param comment - The marker key, the body (which must contain the marker) and the content's digest.
 * @param options - `onlyIfExists`: update a comment already there, never create one.
 * @returns What happened.
 */
export async function upsertComment(
  api: GitHubApi,
  number: number,
  comment: { readonly marker: string; readonly body: string; readonly digest: string },
  options: { readonly onlyIfExists?: boolean } = {},
): Promise<CommentOutcome> {
  const existing = await findOwnComment(api, number, renderMarkerComment(comment.marker))
  const body = `${comment.body.trimEnd()}\n${DIGEST_PREFIX}${comment.digest} -->\n`
  if (existing === undefined) {
    if (options.onlyIfExists === true) return 'absent'
    await api.createComment(number, body)
    return 'created'
  }
  if (readDigest(existing.body) === comment.digest) return 'unchanged'
  await api.updateComment(existing.id, body)
  return 'updated'
}

/**
 * Hashes the parts of a comment that matter, so a re-run on the same data is recognised as unchanged
 * although the report's clock moved.
 *
 * @param content - Any JSON-serialisable description of the content.
 * @returns 16 hex characters.
 */
export function digestOf(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16)
}

async function findOwnComment(
  api: GitHubApi,
  number: number,
  marker: string,
): Promise<CommentInfo | undefined> {
  const marked = (await api.listComments(number)).filter((comment) => comment.body.includes(marker))
  const byBot = marked.find((comment) => comment.authorType === 'Bot')
  if (byBot !== undefined) return byBot
  for (const comment of marked) {
    if (WRITERS.has(await api.getPermission(comment.author))) return comment
  }
  return undefined
}

function readDigest(body: string): string | undefined {
  const start = body.lastIndexOf(DIGEST_PREFIX)
  if (start < 0) return undefined
  return /^([0-9a-f]+) -->/.exec(body.slice(start + DIGEST_PREFIX.length))?.[1]
}
