import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { repoRoot } from '../helpers/cli.ts'
import type { ExampleWorkflowName } from './action-support/example-workflows.ts'
import { readExampleWorkflow, readReadmeWorkflowRun } from './action-support/example-workflows.ts'
import { EXPERIMENT_PATH } from './action-support/experiment-texts.ts'

// The example workflows are what a new user copies; the scenarios run them with exactly their
// `permissions:` and `with:`. This pins what the scenarios rely on, so an edit to an example that the
// scenarios would no longer cover fails here, by name.
const declared = Object.keys(
  (parseYaml(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> })
    .inputs,
)

describe.each<[ExampleWorkflowName, readonly string[]]>([
  ['model-canary-gate.yml', ['pull_request_target']],
  ['model-canary-watch.yml', ['schedule', 'push', 'workflow_dispatch']],
])('examples/workflows/%s', (name, events) => {
  const workflow = readExampleWorkflow(name)

  it('passes only inputs that action.yml declares, for the experiment file the scenarios use', () => {
    expect(Object.keys(workflow.with).filter((input) => !declared.includes(input))).toEqual([])
    expect(workflow.with.experiment).toBe(EXPERIMENT_PATH)
  })

  it('runs on the events the scenarios run, with least permissions and nothing the action never needs', () => {
    expect(workflow.events).toEqual(events)
    expect(Object.values(workflow.permissions).every((level) => level === 'read' || level === 'write')).toBe(
      true,
    )
    expect(workflow.permissions).not.toHaveProperty('issues')
    expect(workflow.permissions).toHaveProperty(
      'contents',
      name === 'model-canary-gate.yml' ? 'read' : 'write',
    )
  })
})

describe('the gate example', () => {
  it('re-runs when a label is added, so a writer’s override label takes effect at once', () => {
    const doc = parseYaml(
      readFileSync(join(repoRoot, 'examples/workflows/model-canary-gate.yml'), 'utf8'),
    ) as { on: { pull_request_target: { types: string[] } } }
    expect(doc.on.pull_request_target.types).toEqual(
      expect.arrayContaining(['opened', 'synchronize', 'labeled']),
    )
  })
})

describe("the README's workflow_run setup", () => {
  it('passes declared inputs and asks for statuses, the channel it reports on', () => {
    const workflow = readReadmeWorkflowRun()
    expect(Object.keys(workflow.with).filter((input) => !declared.includes(input))).toEqual([])
    expect(workflow.events).toEqual(['workflow_run'])
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', statuses: 'write' })
  })
})
