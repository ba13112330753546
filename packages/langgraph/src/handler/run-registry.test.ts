import { describe, expect, it } from 'vitest'
import type { RootState, RunRecord } from '../internal-types.ts'
import { RunRegistry } from './run-registry.ts'

const LIMITS = { runTtlMs: 1_000, maxOpenRuns: 100, recentRunIds: 3 }

function record(runId: string, root: RootState, parent?: RunRecord): RunRecord {
  return {
    runId,
    kind: 'plumbing',
    parent,
    root,
    depth: parent === undefined ? 0 : parent.depth + 1,
    span: undefined,
    deferredSpan: undefined,
    innerAgentSpan: undefined,
    router: false,
    parentContext: undefined,
    childContext: undefined,
    agent: undefined,
    checkpointNs: undefined,
    startMs: 0,
    openChildren: 0,
    llm: undefined,
    retrievedIds: undefined,
    state: undefined,
  }
}

describe('RunRegistry', () => {
  it('tracks runs, roots and open children, and forgets everything when the runs end', () => {
    const registry = new RunRegistry(LIMITS, 0)
    const root = registry.createRoot('r', 0)
    const top = record('r', root)
    registry.add(top, 0)
    const child = record('c', root, top)
    registry.add(child, 1)
    expect(top.openChildren).toBe(1)
    expect(registry.openCount).toBe(3)
    expect(registry.get('c')).toBe(child)
    registry.remove(child, 2)
    expect(top.openChildren).toBe(0)
    registry.remove(top, 3)
    expect(registry.openCount).toBe(0)
    expect(registry.get('r')).toBeUndefined()
  })

  it('flags duplicate starts: open runs and recently ended ones (bounded)', () => {
    const registry = new RunRegistry(LIMITS, 0)
    const root = registry.createRoot('a', 0)
    const run = record('a', root)
    registry.add(run, 0)
    expect(registry.isDuplicateStart('a')).toBe(true)
    registry.remove(run, 1)
    expect(registry.isDuplicateStart('a')).toBe(true)
    for (const id of ['b', 'c', 'd']) {
      const other = record(id, registry.createRoot(id, 2))
      registry.add(other, 2)
      registry.remove(other, 2)
    }
    expect(registry.isDuplicateStart('a')).toBe(false)
  })

  it('lists open descendants deepest first, and only descendants', () => {
    const registry = new RunRegistry(LIMITS, 0)
    const root = registry.createRoot('r', 0)
    const top = record('r', root)
    const a = record('a', root, top)
    const b = record('b', root, a)
    const sibling = record('s', root, top)
    for (const run of [top, a, b, sibling]) registry.add(run, 0)
    expect(registry.openDescendants(a).map((run) => run.runId)).toEqual(['b'])
    expect(registry.openDescendants(top).map((run) => run.runId)).toEqual(['b', 'a', 's'])
  })

  it('sweeps roots idle past the TTL, at most once per interval', () => {
    const registry = new RunRegistry(LIMITS, 0)
    const idle = registry.createRoot('idle', 0)
    registry.add(record('idle', idle), 0)
    const busy = registry.createRoot('busy', 0)
    registry.add(record('busy', busy), 900)
    expect(registry.rootsToSweep(500)).toEqual([])
    expect(registry.rootsToSweep(1_500)).toEqual([{ root: idle, reason: 'ttl_expired' }])
    expect(registry.rootsToSweep(1_600)).toEqual([])
  })

  it('evicts the oldest roots when the open-run bound is reached', () => {
    const registry = new RunRegistry({ ...LIMITS, maxOpenRuns: 2 }, 0)
    const roots = ['a', 'b', 'c'].map((id) => {
      const root = registry.createRoot(id, 0)
      registry.add(record(id, root), 0)
      return root
    })
    const swept = registry.rootsToSweep(0)
    expect(swept.map((entry) => entry.root)).toEqual([roots[0], roots[1]])
    expect(swept.every((entry) => entry.reason === 'evicted')).toBe(true)
  })
})
