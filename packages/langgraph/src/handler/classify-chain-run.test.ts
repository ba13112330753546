import { describe, expect, it } from 'vitest'
import type { RunRecord } from '../internal-types.ts'
import { classifyChainRun } from './classify-chain-run.ts'

function run(kind: RunRecord['kind'], checkpointNs?: string): RunRecord {
  const record = { kind, checkpointNs, agent: undefined } as unknown as RunRecord
  if (kind === 'agent') record.agent = record
  return record
}

const graph = run('workflow')
const node = (name: string, ns: string) => ({ langgraph_node: name, langgraph_checkpoint_ns: ns })

describe('classifyChainRun', () => {
  it('makes a root chain the workflow', () => {
    expect(classifyChainRun(undefined, { tags: [], metadata: {}, runName: 'g' })).toBe('workflow')
  })

  it('makes a node run an agent: named after its node, not hidden', () => {
    expect(
      classifyChainRun(graph, {
        tags: ['graph:step:1'],
        metadata: node('writer', 'writer:1'),
        runName: 'writer',
      }),
    ).toBe('agent')
  })

  it('makes hidden runs, inner lambdas and subgraph shells plumbing', () => {
    expect(
      classifyChainRun(graph, {
        tags: ['langsmith:hidden'],
        metadata: node('__start__', 's:1'),
        runName: '__start__',
      }),
    ).toBe('plumbing')
    const writer = run('agent', 'writer:1')
    expect(
      classifyChainRun(writer, {
        tags: [],
        metadata: node('writer', 'writer:1'),
        runName: 'RunnableLambda',
      }),
    ).toBe('plumbing')
    expect(
      classifyChainRun(writer, { tags: [], metadata: node('writer', 'writer:1'), runName: 'writer' }),
    ).toBe('plumbing')
    expect(
      classifyChainRun(writer, {
        tags: [],
        metadata: node('writer', 'writer:1'),
        runName: 'LangGraph',
      }),
    ).toBe('plumbing')
  })

  it('makes a subgraph node an agent nested under the subgraph node', () => {
    const drafting = run('agent', 'drafting:1')
    const shell = { ...run('plumbing'), agent: drafting } as RunRecord
    expect(
      classifyChainRun(shell, {
        tags: ['graph:step:1'],
        metadata: node('outline', 'drafting:1|outline:2'),
        runName: 'outline',
      }),
    ).toBe('agent')
  })

  it('ignores the judge runs and everything under them', () => {
    expect(classifyChainRun(undefined, { tags: ['llm-canary:judge'], metadata: {}, runName: 'j' })).toBe(
      'ignored',
    )
    expect(classifyChainRun(run('ignored'), { tags: [], metadata: node('x', 'x:1'), runName: 'x' })).toBe(
      'ignored',
    )
  })
})
