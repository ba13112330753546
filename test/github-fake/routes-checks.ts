import { checkRunJson, statusJson } from './json-checks.ts'
import type { AnnotationState, CheckRunState, StatusState } from './model-types.ts'
import { isoSeconds } from './repo-state.ts'
import type { RouteContext, RouteResult, RouteTable } from './route-kit.ts'
import { fail, notFound, paginate, validationFailed } from './route-kit.ts'

/** GitHub's limit on a check run's `output.summary` and `output.text`, counted in bytes. */
const CHECK_OUTPUT_MAX_BYTES = 65_535

function checkOutputBytes(ctx: RouteContext): void {
  for (const field of ['summary', 'text'] as const) {
    const value = ctx.body.output?.[field]
    if (typeof value === 'string' && Buffer.byteLength(value) > CHECK_OUTPUT_MAX_BYTES) {
      validationFailed(ctx, {
        resource: 'CheckRun',
        code: 'custom',
        field,
        message: `${field} exceeds a maximum bytesize of ${CHECK_OUTPUT_MAX_BYTES}`,
      })
    }
  }
}

/** Applies the writable fields of a create or update body; a conclusion completes the run. */
function applyCheckBody(ctx: RouteContext, run: CheckRunState): void {
  const { body } = ctx
  if (body.status === 'completed' && typeof body.conclusion !== 'string' && run.conclusion === null) {
    validationFailed(ctx, { resource: 'CheckRun', code: 'missing_field', field: 'conclusion' })
  }
  if (typeof body.name === 'string') run.name = body.name
  if (typeof body.details_url === 'string') run.detailsUrl = body.details_url
  if (typeof body.external_id === 'string') run.externalId = body.external_id
  if (typeof body.started_at === 'string') run.startedAt = isoSeconds(body.started_at)
  if (typeof body.status === 'string') run.status = body.status
  if (typeof body.conclusion === 'string') {
    run.conclusion = body.conclusion
    run.status = 'completed'
  }
  if (run.status === 'completed') run.completedAt = isoSeconds(body.completed_at ?? new Date())
  if (run.status === 'in_progress' && run.startedAt === null) run.startedAt = isoSeconds()
  if (body.output !== undefined) {
    for (const field of ['title', 'summary', 'text'] as const) {
      if (typeof body.output[field] === 'string') run.output[field] = body.output[field]
    }
    run.annotations.push(...((body.output.annotations ?? []) as AnnotationState[]))
  }
}

function createCheckRun(ctx: RouteContext): RouteResult {
  const { state, body } = ctx
  const commit = state.git.find(String(body.head_sha))
  if (commit === undefined) {
    return validationFailed(ctx, {
      resource: 'CheckRun',
      code: 'invalid',
      field: 'head_sha',
      message: `No commit found for SHA: ${body.head_sha}`,
    })
  }
  checkOutputBytes(ctx)
  const id = state.nextId()
  const run: CheckRunState = {
    id,
    nodeId: state.nodeId('CR_kwDO', id),
    name: String(body.name),
    headSha: commit.sha,
    status: 'queued',
    conclusion: null,
    startedAt: isoSeconds(),
    completedAt: null,
    detailsUrl: null,
    externalId: '',
    output: { title: null, summary: null, text: null },
    annotations: [],
    creator: ctx.grant.identity.login,
  }
  applyCheckBody(ctx, run)
  state.checkRuns.push(run)
  return { status: 201, body: checkRunJson(ctx, run) }
}

function checkRunOf(ctx: RouteContext): CheckRunState {
  const id = Number(ctx.params.check_run_id)
  return ctx.state.checkRuns.find((r) => r.id === id) ?? notFound(ctx)
}

function updateCheckRun(ctx: RouteContext): RouteResult {
  const run = checkRunOf(ctx)
  checkOutputBytes(ctx)
  applyCheckBody(ctx, run)
  return { status: 200, body: checkRunJson(ctx, run) }
}

function listForRef(ctx: RouteContext): RouteResult {
  const commit =
    ctx.state.resolve(ctx.params.ref!) ?? notFound(ctx, `No commit found for SHA: ${ctx.params.ref}`)
  let runs = ctx.state.checkRuns.filter((r) => r.headSha === commit.sha)
  if (typeof ctx.query.check_name === 'string') runs = runs.filter((r) => r.name === ctx.query.check_name)
  if (typeof ctx.query.status === 'string') runs = runs.filter((r) => r.status === ctx.query.status)
  if (ctx.query.filter !== 'all') {
    // `filter=latest` (the default): the newest run of each name.
    runs = runs.filter((r) => !runs.some((o) => o.name === r.name && o.id > r.id))
  }
  runs = [...runs].reverse()
  const page = paginate(ctx, runs)
  return {
    ...page,
    body: { total_count: runs.length, check_runs: page.body.map((r) => checkRunJson(ctx, r)) },
  }
}

function createStatus(ctx: RouteContext): RouteResult {
  const { state, body } = ctx
  const commit = state.git.find(ctx.params.sha!)
  if (commit === undefined) {
    return fail(422, `No commit found for SHA: ${ctx.params.sha}`, ctx.operation.documentationUrl)
  }
  const id = state.nextId()
  const status: StatusState = {
    id,
    nodeId: state.nodeId('SC_kwDO', id),
    sha: commit.sha,
    state: body.state,
    targetUrl: body.target_url ?? null,
    description: body.description ?? null,
    context: body.context ?? 'default',
    creator: ctx.grant.identity.login,
    createdAt: isoSeconds(),
  }
  state.statuses.push(status)
  return { status: 201, body: statusJson(ctx, status) }
}

function listStatuses(ctx: RouteContext): RouteResult {
  const commit = ctx.state.resolve(ctx.params.ref!) ?? notFound(ctx)
  const statuses = ctx.state.statuses.filter((s) => s.sha === commit.sha).reverse()
  const page = paginate(ctx, statuses)
  return { ...page, body: page.body.map((s) => statusJson(ctx, s)) }
}

/** Check runs and commit statuses. */
export const checkRoutes: RouteTable = {
  'POST /repos/{owner}/{repo}/check-runs': createCheckRun,
  'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': updateCheckRun,
  'GET /repos/{owner}/{repo}/check-runs/{check_run_id}': (ctx) => ({
    status: 200,
    body: checkRunJson(ctx, checkRunOf(ctx)),
  }),
  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': listForRef,
  'POST /repos/{owner}/{repo}/statuses/{sha}': createStatus,
  'GET /repos/{owner}/{repo}/commits/{ref}/statuses': listStatuses,
}
