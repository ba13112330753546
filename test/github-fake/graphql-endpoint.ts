import { schema as githubSchema } from '@octokit/graphql-schema'
import type { ExecutionResult, GraphQLSchema } from 'graphql'
import { buildClientSchema, execute, GraphQLError, parse, validate } from 'graphql'
import type { JsonContext } from './json-repo.ts'
import type { PullState, TokenGrant } from './model-types.ts'
import { canWrite } from './permissions.ts'
import { revertPull } from './pull-requests.ts'

type Json = Record<string, unknown>

/** What one GraphQL request produced: the HTTP answer and any contract violations to record. */
export interface GraphqlOutcome {
  readonly body: Json
  readonly violations: readonly string[]
}

let cachedSchema: GraphQLSchema | undefined

/** GitHub's public GraphQL schema (`@octokit/graphql-schema`), built once per process on first use. */
function githubGraphqlSchema(): GraphQLSchema {
  cachedSchema ??= buildClientSchema(githubSchema.json as Parameters<typeof buildClientSchema>[0])
  return cachedSchema
}

/** An error the way GitHub's GraphQL API words it; `type` ends up beside `message` in the answer. */
function githubError(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { githubType: type } })
}

function actorJson(ctx: JsonContext, login: string): Json {
  const user = ctx.state.user(login)
  return {
    __typename: user.type === 'Bot' ? 'Bot' : 'User',
    login,
    id: user.nodeId,
    url: `${ctx.server}/${login}`,
  }
}

function pullObject(ctx: JsonContext, pr: PullState): Json {
  const { state } = ctx
  const url = `${ctx.server}/${state.fullName}/pull/${pr.number}`
  return {
    __typename: 'PullRequest',
    id: pr.nodeId,
    databaseId: pr.id,
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    url,
    permalink: url,
    resourcePath: `/${state.fullName}/pull/${pr.number}`,
    state: pr.merged ? 'MERGED' : pr.state === 'open' ? 'OPEN' : 'CLOSED',
    closed: pr.state === 'closed',
    merged: pr.merged,
    mergedAt: pr.mergedAt,
    closedAt: pr.closedAt,
    createdAt: pr.createdAt,
    updatedAt: pr.updatedAt,
    isDraft: pr.draft,
    locked: false,
    isCrossRepository: pr.fork !== undefined,
    headRefName: pr.headRef,
    headRefOid: pr.headSha,
    baseRefName: pr.baseRef,
    baseRefOid: pr.baseShaAtClose ?? state.branches.get(pr.baseRef),
    mergeCommit: pr.mergeCommitSha === null ? null : { __typename: 'Commit', oid: pr.mergeCommitSha },
    author: actorJson(ctx, pr.author),
    mergedBy: pr.mergedBy === null ? null : actorJson(ctx, pr.mergedBy),
    repository: () => repositoryObject(ctx),
  }
}

function repositoryObject(ctx: JsonContext): Json {
  const { state } = ctx
  return {
    __typename: 'Repository',
    id: state.repoNodeId,
    databaseId: state.repoId,
    name: state.repo,
    nameWithOwner: state.fullName,
    url: `${ctx.server}/${state.fullName}`,
    owner: actorJson(ctx, state.owner),
    defaultBranchRef: { __typename: 'Ref', name: state.defaultBranch, prefix: 'refs/heads/' },
    pullRequest: ({ number }: { number: number }) => {
      const pr = state.pulls.get(number)
      if (pr === undefined)
        throw githubError('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${number}.`)
      return pullObject(ctx, pr)
    },
  }
}

function rootValue(ctx: JsonContext, grant: TokenGrant): Json {
  const { state } = ctx
  const pullByNodeId = (id: string): PullState | undefined =>
    [...state.pulls.values()].find((p) => p.nodeId === id)
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      if (
        owner.toLowerCase() !== state.owner.toLowerCase() ||
        name.toLowerCase() !== state.repo.toLowerCase()
      ) {
        throw githubError('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`)
      }
      return repositoryObject(ctx)
    },
    node: ({ id }: { id: string }) => {
      const pr = pullByNodeId(id)
      if (pr === undefined)
        throw githubError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`)
      return pullObject(ctx, pr)
    },
    revertPullRequest: ({ input }: { input: Json }) => {
      if (!canWrite(state, grant, 'contents') || !canWrite(state, grant, 'pull-requests')) {
        throw githubError('FORBIDDEN', 'Resource not accessible by integration')
      }
      if (grant.kind === 'actions' && !state.settings.actionsCanCreatePullRequests) {
        throw githubError('FORBIDDEN', 'GitHub Actions is not permitted to create or approve pull requests')
      }
      const pr = pullByNodeId(String(input.pullRequestId))
      if (pr === undefined) {
        throw githubError(
          'NOT_FOUND',
          `Could not resolve to a node with the global id of '${String(input.pullRequestId)}'`,
        )
      }
      if (!pr.merged) throw githubError('UNPROCESSABLE', 'Pull request is not merged and cannot be reverted.')
      let revert: PullState
      try {
        revert = revertPull(state, pr.number, {
          actor: grant.identity.login,
          ...(typeof input.title === 'string' ? { title: input.title } : {}),
          ...(typeof input.body === 'string' ? { body: input.body } : {}),
          ...(typeof input.draft === 'boolean' ? { draft: input.draft } : {}),
        })
      } catch (error) {
        throw githubError('UNPROCESSABLE', `Could not revert the pull request: ${(error as Error).message}`)
      }
      return {
        clientMutationId: input.clientMutationId ?? null,
        pullRequest: pullObject(ctx, pr),
        revertPullRequest: pullObject(ctx, revert),
      }
    },
  }
}

function formatErrors(result: ExecutionResult): { errors: Json[]; unexpected: string[] } {
  const errors: Json[] = []
  const unexpected: string[] = []
  for (const error of result.errors ?? []) {
    const json = error.toJSON() as unknown as Json
    const type = error.extensions.githubType
    if (typeof type === 'string') {
      delete json.extensions
      errors.push({ type, ...json })
    } else {
      errors.push(json)
      unexpected.push(`${error.message}${error.path === undefined ? '' : ` at ${error.path.join('.')}`}`)
    }
  }
  return { errors, unexpected }
}

/**
 * Answers one GraphQL request like GitHub: the document is parsed and validated against the public
 * schema, variables are coerced to their declared types, then `repository`, `node` and
 * `revertPullRequest` run against the fake's state. A document or variables that GitHub would reject,
 * and a field the fake does not provide, are violations.
 */
export function answerGraphql(ctx: JsonContext, grant: TokenGrant, request: unknown): GraphqlOutcome {
  const { query, variables, operationName } = (request ?? {}) as Json
  if (typeof query !== 'string') {
    const message = 'A query attribute must be specified and must be a string.'
    return { body: { errors: [{ message }] }, violations: [message] }
  }
  const schema = githubGraphqlSchema()
  let document: ReturnType<typeof parse>
  try {
    document = parse(query)
  } catch (error) {
    const json = (error as GraphQLError).toJSON()
    return { body: { errors: [json] }, violations: [`unparsable document: ${json.message}`] }
  }
  const invalid = validate(schema, document)
  if (invalid.length > 0) {
    return {
      body: { errors: invalid.map((e) => e.toJSON()) },
      violations: invalid.map((e) => `document fails GitHub's schema: ${e.message}`),
    }
  }
  const result = execute({
    schema,
    document,
    rootValue: rootValue(ctx, grant),
    variableValues: (variables ?? {}) as Json,
    operationName: typeof operationName === 'string' ? operationName : null,
  }) as ExecutionResult
  const { errors, unexpected } = formatErrors(result)
  const body: Json = result.data === undefined ? {} : { data: result.data }
  if (errors.length > 0) body.errors = errors
  const violations =
    result.data === undefined ? unexpected.map((m) => `variables rejected: ${m}`) : unexpected
  return {
    body,
    violations: violations.map((m) => (result.data === undefined ? m : `unimplemented or invalid: ${m}`)),
  }
}
