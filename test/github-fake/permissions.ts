import type { Access, RepositoryRole, TokenGrant, TokenScope } from './model-types.ts'
import type { Operation } from './openapi-spec.ts'
import type { RepoState } from './repo-state.ts'

/** The permissions of `${{ github.token }}` in a workflow with write access to everything this Action uses. */
export const WORKFLOW_WRITE_PERMISSIONS: Readonly<Partial<Record<TokenScope, Access>>> = {
  checks: 'write',
  contents: 'write',
  'pull-requests': 'write',
  statuses: 'write',
  issues: 'write',
}

/** The token of a `pull_request` run from a fork: read-only, whatever the workflow asks for. */
export const FORK_PERMISSIONS: Readonly<Partial<Record<TokenScope, Access>>> = {
  checks: 'read',
  contents: 'read',
  'pull-requests': 'read',
  statuses: 'read',
  issues: 'read',
}

const WRITE_ROLES: readonly RepositoryRole[] = ['admin', 'maintain', 'write']

/**
 * The scopes that allow an operation; any one of them suffices (issue comments and labels on a pull
 * request take `issues` or `pull-requests`, like GitHub).
 */
function scopesFor(operation: Operation): TokenScope[] {
  const path = operation.template.replace(/^\/repos\/\{owner\}\/\{repo\}/, '')
  if (path === '' || path.startsWith('/collaborators')) return ['metadata']
  if (path.includes('/check-runs')) return ['checks']
  if (path.includes('/statuses')) return ['statuses']
  if (path.startsWith('/pulls')) return ['pull-requests']
  if (path.startsWith('/issues') || path.startsWith('/labels')) return ['issues', 'pull-requests']
  return ['contents']
}

function access(state: RepoState, grant: TokenGrant, scope: TokenScope): Access {
  if (grant.kind === 'user') {
    const role = state.role(grant.identity.login)
    return role !== undefined && WRITE_ROLES.includes(role) ? 'write' : 'read'
  }
  return grant.permissions[scope] ?? (scope === 'metadata' ? 'read' : 'none')
}

/** Whether the token may write in this scope. */
export function canWrite(state: RepoState, grant: TokenGrant, scope: TokenScope): boolean {
  return access(state, grant, scope) === 'write'
}

/**
 * Why GitHub would refuse this call with this token (the 403 message), or undefined when allowed.
 * Reads need `read` on one of the operation's scopes, everything else `write`.
 */
export function refusal(state: RepoState, grant: TokenGrant, operation: Operation): string | undefined {
  const needed: Access = operation.method === 'GET' ? 'read' : 'write'
  const scopes = scopesFor(operation)
  if (grant.kind === 'user' && needed === 'write' && scopes.includes('checks')) {
    return 'You must authenticate via a GitHub App.'
  }
  const allowed = scopes.some((scope) => {
    const level = access(state, grant, scope)
    return level === 'write' || level === needed
  })
  return allowed ? undefined : 'Resource not accessible by integration'
}
