import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import type { Access, TokenScope } from '../../github-fake/index.ts'
import { repoRoot } from '../../helpers/cli.ts'
import { E2eError } from '../../helpers/e2e-error.ts'

/** The example workflows users copy (`examples/workflows/`). */
export type ExampleWorkflowName = 'model-canary-gate.yml' | 'model-canary-watch.yml'

/** What a scenario takes from an example workflow: its token's permissions, its triggers and its step's `with:`. */
export interface ExampleWorkflow {
  readonly path: string
  /** The workflow's `permissions:` block: what `${{ github.token }}` may do. */
  readonly permissions: Readonly<Partial<Record<TokenScope, Access>>>
  /** The events under `on:`. */
  readonly events: readonly string[]
  /** The llm-canary step's `with:` values, expressions unexpanded. */
  readonly with: Readonly<Record<string, string>>
}

const SCOPES: readonly TokenScope[] = [
  'checks',
  'contents',
  'pull-requests',
  'statuses',
  'issues',
  'metadata',
]
const ACCESS: readonly Access[] = ['none', 'read', 'write']

interface WorkflowDocument {
  readonly on?: Record<string, unknown>
  readonly permissions?: Record<string, unknown>
  readonly jobs?: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }>
}

/**
 * Reads an example workflow (`examples/workflows/<name>`) as GitHub would: the `permissions:` block (every scope one the offline GitHub
 * knows, so nothing is silently granted or dropped), the triggers, and the `with:` of the step that uses
 * llm-canary.
 *
 * @throws E2eError `ACTION_SETUP` when the workflow has no llm-canary step or a permission scope or level
 *   the offline GitHub does not model.
 */
export function readExampleWorkflow(name: ExampleWorkflowName): ExampleWorkflow {
  const path = join(repoRoot, 'examples/workflows', name)
  return parseWorkflow(readFileSync(path, 'utf8'), path)
}

/**
 * The `workflow_run` setup of the README's "Use in CI" (the fenced YAML block that runs on
 * `workflow_run`), read like an example workflow.
 *
 * @throws E2eError `ACTION_SETUP` when the README has no such block.
 */
export function readReadmeWorkflowRun(): ExampleWorkflow {
  const path = join(repoRoot, 'README.md')
  const block = [...readFileSync(path, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((match) => match[1] ?? '')
    .find((yaml) => /^\s+workflow_run:/m.test(yaml))
  if (block === undefined) {
    throw new E2eError('ACTION_SETUP', `${path} has no yaml block with a workflow_run trigger`)
  }
  return parseWorkflow(block, `${path} (workflow_run setup)`)
}

function parseWorkflow(text: string, path: string): ExampleWorkflow {
  const doc = parseYaml(text) as WorkflowDocument
  const permissions: Partial<Record<TokenScope, Access>> = {}
  for (const [scope, level] of Object.entries(doc.permissions ?? {})) {
    if (!SCOPES.includes(scope as TokenScope) || !ACCESS.includes(level as Access)) {
      throw new E2eError(
        'ACTION_SETUP',
        `${path}: permissions.${scope}: ${String(level)} is not modelled by test/github-fake; add the scope there`,
      )
    }
    permissions[scope as TokenScope] = level as Access
  }
  const steps = Object.values(doc.jobs ?? {}).flatMap((job) => job.steps ?? [])
  const step = steps.find((s) => typeof s.uses === 'string' && /llm-canary/.test(s.uses))
  if (step === undefined) throw new E2eError('ACTION_SETUP', `${path} has no step that uses llm-canary`)
  const inputs = Object.fromEntries(
    Object.entries(step.with ?? {}).map(([key, value]) => [key, String(value)]),
  )
  return { path, permissions, events: Object.keys(doc.on ?? {}), with: inputs }
}

/**
 * The step's inputs as the runner passes them: `${{ secrets.NAME }}` expanded from `secrets` (a missing
 * secret is '', as for a fork's run), then `overrides` on top (a scenario's trace source, say).
 *
 * @throws E2eError `ACTION_SETUP` for any other expression, which a scenario would have to supply.
 */
export function expandStepInputs(
  workflow: ExampleWorkflow,
  secrets: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const inputs: Record<string, string> = {}
  for (const [name, raw] of Object.entries(workflow.with)) {
    inputs[name] = raw.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
      const secret = /^secrets\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression)
      if (secret === null) {
        throw new E2eError(
          'ACTION_SETUP',
          `${workflow.path}: with.${name} uses \${{ ${expression} }}, which the scenarios do not expand`,
        )
      }
      return secrets[secret[1]!] ?? ''
    })
  }
  return { ...inputs, ...overrides }
}
