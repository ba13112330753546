import type { JsonContext } from './json-repo.ts'
import { userJson } from './json-repo.ts'
import type { CheckRunState, StatusState } from './model-types.ts'
import { ACTIONS_BOT } from './repo-state.ts'

type Json = Record<string, unknown>

/** The GitHub Actions app, which owns every check run a workflow token creates. */
function actionsAppJson(ctx: JsonContext): Json {
  return {
    id: 15368,
    slug: 'github-actions',
    node_id: 'MDM6QXBwMTUzNjg=',
    owner: userJson(ctx, 'github'),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: `${ctx.server}/features/actions`,
    html_url: `${ctx.server}/apps/github-actions`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2024-04-10T20:33:16Z',
    permissions: {
      checks: 'write',
      contents: 'write',
      issues: 'write',
      pull_requests: 'write',
      statuses: 'write',
    },
    events: ['check_run', 'check_suite', 'pull_request', 'push'],
  }
}

/** A `check-run` object; `pull_requests` lists the open pull requests whose head is the run's sha. */
export function checkRunJson(ctx: JsonContext, run: CheckRunState): Json {
  const { state } = ctx
  const api = `${ctx.api}/repos/${state.fullName}`
  const pulls = [...state.pulls.values()].filter((p) => p.headSha === run.headSha && p.fork === undefined)
  const minimalRepo = { id: state.repoId, url: api, name: state.repo }
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: run.nodeId,
    external_id: run.externalId,
    url: `${api}/check-runs/${run.id}`,
    html_url: `${ctx.server}/${state.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.annotations.length,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.id + 500_000 },
    app: run.creator === ACTIONS_BOT ? actionsAppJson(ctx) : null,
    pull_requests: pulls.map((p) => ({
      id: p.id,
      number: p.number,
      url: `${api}/pulls/${p.number}`,
      head: { ref: p.headRef, sha: p.headSha, repo: minimalRepo },
      base: { ref: p.baseRef, sha: state.branches.get(p.baseRef)!, repo: minimalRepo },
    })),
  }
}

/** A commit `status` object. */
export function statusJson(ctx: JsonContext, status: StatusState): Json {
  const creator = userJson(ctx, status.creator)
  return {
    url: `${ctx.api}/repos/${ctx.state.fullName}/statuses/${status.sha}`,
    avatar_url: creator.avatar_url,
    id: status.id,
    node_id: status.nodeId,
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    creator,
  }
}
