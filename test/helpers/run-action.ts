import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { E2eError } from './e2e-error.ts'
import type { WorkflowCommand } from './workflow-files.ts'
import { parseFileCommands, parseWorkflowCommands } from './workflow-files.ts'

/** Where the action's GitHub lives (a `FakeGitHub` has all four). */
interface GitHubEndpoints {
  readonly apiUrl: string
  readonly graphqlUrl: string
  readonly serverUrl: string
  /** `owner/repo`. */
  readonly repository: string
}

/** How to run an action. `event`, `payload`, `sha` and `ref` can be spread from `gh.runContext(…)`. */
export interface RunActionOptions {
  /** The JavaScript entry the runner would run (`runs.main`, e.g. `packages/action/dist/index.js`). */
  readonly entry: string
  /** The action's metadata file; its input defaults are applied like the runner does. */
  readonly actionYml: string
  /** `GITHUB_EVENT_NAME`. */
  readonly event: string
  /** Written to a temporary file named by `GITHUB_EVENT_PATH`. */
  readonly payload: Readonly<Record<string, unknown>>
  readonly github: GitHubEndpoints
  /** The step's `with:` values (strings, like YAML gives them after expression expansion). */
  readonly inputs?: Readonly<Record<string, string>>
  /** `${{ github.token }}`: what an input default of that expression becomes. */
  readonly token?: string
  /** `GITHUB_SHA`; default the payload's head/after sha, or 40 zeros. */
  readonly sha?: string
  /** `GITHUB_REF`; default `refs/heads/main`. */
  readonly ref?: string
  /** `GITHUB_ACTOR`; default the payload's sender. */
  readonly actor?: string
  /** `GITHUB_WORKSPACE` and the working directory; default a fresh empty directory. */
  readonly cwd?: string
  /** Extra environment (a step's `env:`); wins over everything else. */
  readonly env?: Readonly<Record<string, string>>
  /** Kill the action after this long (default 60 s). */
  readonly timeoutMs?: number
  /** The Node binary the runner would use; default `LLM_CANARY_ACTION_NODE` (say, a Node 24), else this process's. */
  readonly node?: string
}

/** What one run produced. */
export interface ActionRun {
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
  /** From `GITHUB_OUTPUT` (both the `name=value` and the heredoc form). */
  readonly outputs: Readonly<Record<string, string>>
  /** The job summary the step wrote (`GITHUB_STEP_SUMMARY`). */
  readonly summary: string
  /** `::error::`, `::warning::`, `::add-mask::` … in order. */
  readonly commands: readonly WorkflowCommand[]
  readonly state: Readonly<Record<string, string>>
  readonly exportedEnv: Readonly<Record<string, string>>
  /** The run's temporary directory (event file, file commands, `RUNNER_TEMP`). */
  readonly tempDir: string
}

interface ActionInput {
  readonly required?: boolean
  readonly default?: unknown
}

/** Environment a runner job has that is not GitHub's: the essentials, never the test's own `GITHUB_*`/`INPUT_*`. */
const PASSED_THROUGH = ['PATH', 'HOME', 'LANG', 'TZ', 'SYSTEMROOT', 'TMPDIR']

/** The env name of an input: upper-cased, spaces to `_`, hyphens kept (`INPUT_GITHUB-TOKEN`). */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

function readInputs(actionYml: string): Record<string, ActionInput> {
  if (!existsSync(actionYml)) {
    throw new E2eError(
      'ACTION_SETUP',
      `runAction: ${actionYml} does not exist; pass the path of the action's action.yml`,
    )
  }
  const doc = parseYaml(readFileSync(actionYml, 'utf8')) as {
    inputs?: Record<string, ActionInput | null>
  } | null
  const inputs: Record<string, ActionInput> = {}
  for (const [name, spec] of Object.entries(doc?.inputs ?? {})) inputs[name] = spec ?? {}
  return inputs
}

/** Replaces the `${{ github.* }}` expressions the runner allows in input defaults. */
function expand(value: string, name: string, context: Readonly<Record<string, string | undefined>>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    const known = context[expression]
    if (known === undefined) {
      const hint = expression === 'github.token' ? ': pass `token` to runAction' : ''
      throw new E2eError(
        'ACTION_SETUP',
        `input "${name}" defaults to \${{ ${expression} }}, which runAction cannot supply${hint}`,
      )
    }
    return known
  })
}

function senderOf(payload: Readonly<Record<string, unknown>>): string | undefined {
  const sender = payload.sender as { login?: unknown } | undefined
  return typeof sender?.login === 'string' ? sender.login : undefined
}

function defaultSha(payload: Readonly<Record<string, unknown>>): string {
  const pull = payload.pull_request as { head?: { sha?: string } } | undefined
  return pull?.head?.sha ?? (typeof payload.after === 'string' ? payload.after : '0'.repeat(40))
}

/**
 * Runs a JavaScript action as a child process the way the GitHub runner does: inputs from action.yml
 * defaults overlaid with the test's (`INPUT_<NAME>`, hyphens kept), the event payload in a file, the
 * `GITHUB_*` and `RUNNER_*` variables, and the file commands; then reads back outputs, summary, state,
 * exported env and the workflow commands printed on stdout.
 *
 * @throws E2eError `ACTION_SETUP` for a missing action.yml, an input action.yml does not declare, a
 * required input without a value, or a default expression that cannot be expanded.
 * @example
 * const run = await runAction({ entry, actionYml, github: gh, token, ...gh.runContext('pull_request', 'opened', pr.number) })
 * expect(run.outputs.verdict).toBe('pass')
 */
export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const declared = readInputs(options.actionYml)
  const given = options.inputs ?? {}
  const unknown = Object.keys(given).filter((name) => !(name in declared))
  if (unknown.length > 0) {
    throw new E2eError(
      'ACTION_SETUP',
      `runAction: ${unknown.map((n) => `"${n}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not an input of ${options.actionYml}; it declares ${Object.keys(declared).join(', ') || 'none'}`,
    )
  }
  const tempDir = mkdtempSync(join(tmpdir(), 'run-action-'))
  const workspace = options.cwd ?? join(tempDir, 'workspace')
  mkdirSync(workspace, { recursive: true })
  const runnerTemp = join(tempDir, 'runner-temp')
  mkdirSync(runnerTemp)
  const files = {
    GITHUB_EVENT_PATH: join(tempDir, 'event.json'),
    GITHUB_OUTPUT: join(tempDir, 'output'),
    GITHUB_STEP_SUMMARY: join(tempDir, 'step-summary.md'),
    GITHUB_STATE: join(tempDir, 'state'),
    GITHUB_ENV: join(tempDir, 'env'),
    GITHUB_PATH: join(tempDir, 'path'),
  }
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(options.payload, null, 2))
  for (const file of Object.values(files).slice(1)) writeFileSync(file, '')
  const sha = options.sha ?? defaultSha(options.payload)
  const ref = options.ref ?? 'refs/heads/main'
  const actor = options.actor ?? senderOf(options.payload) ?? 'octocat'
  const { github } = options
  const expressions: Record<string, string | undefined> = {
    'github.token': options.token,
    'github.repository': github.repository,
    'github.repository_owner': github.repository.split('/')[0],
    'github.sha': sha,
    'github.ref': ref,
    'github.actor': actor,
    'github.event_name': options.event,
    'github.workspace': workspace,
    'github.server_url': github.serverUrl,
    'github.api_url': github.apiUrl,
    'github.graphql_url': github.graphqlUrl,
  }
  const env: Record<string, string> = {}
  for (const key of PASSED_THROUGH) if (process.env[key] !== undefined) env[key] = process.env[key]!
  for (const [name, spec] of Object.entries(declared)) {
    const raw =
      given[name] ?? (spec.default === undefined || spec.default === null ? '' : String(spec.default))
    const value = expand(raw, name, expressions)
    if (spec.required === true && value === '') {
      throw new E2eError(
        'ACTION_SETUP',
        `runAction: input "${name}" is required by ${options.actionYml} and has no default; pass it in inputs`,
      )
    }
    env[inputEnvName(name)] = value
  }
  const pull = options.payload.pull_request as
    | { head?: { ref?: string }; base?: { ref?: string } }
    | undefined
  Object.assign(env, files, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event,
    GITHUB_REPOSITORY: github.repository,
    GITHUB_REPOSITORY_OWNER: github.repository.split('/')[0],
    GITHUB_SHA: sha,
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_REF_TYPE: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_HEAD_REF: pull?.head?.ref ?? '',
    GITHUB_BASE_REF: pull?.base?.ref ?? '',
    GITHUB_API_URL: github.apiUrl,
    GITHUB_GRAPHQL_URL: github.graphqlUrl,
    GITHUB_SERVER_URL: github.serverUrl,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'model canary',
    GITHUB_JOB: 'canary',
    GITHUB_ACTION: '__self',
    GITHUB_ACTION_PATH: dirname(resolve(options.actionYml)),
    GITHUB_ACTOR: actor,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'offline-runner',
    ...options.env,
  })
  const { exitCode, stdout, stderr } = await spawnNode(
    options.node ?? process.env.LLM_CANARY_ACTION_NODE ?? process.execPath,
    resolve(options.entry),
    workspace,
    env,
    options.timeoutMs ?? 60_000,
  )
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8'), 'GITHUB_OUTPUT'),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    commands: parseWorkflowCommands(stdout),
    state: parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8'), 'GITHUB_STATE'),
    exportedEnv: parseFileCommands(readFileSync(files.GITHUB_ENV, 'utf8'), 'GITHUB_ENV'),
    tempDir,
  }
}

function spawnNode(
  node: string,
  entry: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(node, [entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => {
      stderr += `\nrunAction: killed after ${timeoutMs} ms\n`
      child.kill('SIGKILL')
    }, timeoutMs)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      resolvePromise({ exitCode, stdout, stderr })
    })
  })
}
