import type { RootState, RunRecord } from '../internal-types.ts'
import { BoundedLru } from './bounded-lru.ts'

/** Bounds of the registry. */
export interface RunRegistryLimits {
  /** A root run with no start or end for this long is swept (its spans ended). */
  readonly runTtlMs: number
  /** Open runs (all roots together) past which the oldest root is evicted. */
  readonly maxOpenRuns: number
  /** How many ended run ids are remembered to drop duplicate starts that arrive after the end. */
  readonly recentRunIds: number
}

/** A root run to end, and why. */
export interface SweptRoot {
  readonly root: RootState
  readonly reason: 'ttl_expired' | 'evicted'
}

const NOTHING_TO_SWEEP: readonly SweptRoot[] = Object.freeze([])

/**
 * Bookkeeping of open runs: by run id, by root, and the count of open children per run. Entries are
 * removed when a run ends; the only thing kept past that is a bounded list of recently ended run ids
 * (duplicate-callback guard). Ending spans is the caller's job: the registry only says which runs to end.
 */
export class RunRegistry {
  private readonly runs = new Map<string, RunRecord>()
  private readonly roots = new Map<string, RootState>()
  private readonly ended: BoundedLru<true>
  private lastSweepMs: number

  /**
   * @param limits - TTL, open-run bound, size of the recently-ended list.
   * @param nowMs - Creation time, epoch ms (the first sweep happens one interval later).
   */
  constructor(
    private readonly limits: RunRegistryLimits,
    nowMs: number,
  ) {
    this.ended = new BoundedLru(limits.recentRunIds)
    this.lastSweepMs = nowMs
  }

  /** Open runs plus root states: 0 when nothing is in flight. */
  get openCount(): number {
    return this.runs.size + this.roots.size
  }

  /** Number of open runs. */
  get runCount(): number {
    return this.runs.size
  }

  /**
   * Whether a start for this run id must be ignored: the run is open, or ended recently.
   *
   * @param runId - The run id of a start callback.
   * @returns True for a duplicate.
   */
  isDuplicateStart(runId: string): boolean {
    return this.runs.has(runId) || this.ended.has(runId)
  }

  /**
   * @param runId - A run id.
   * @returns The open run, or undefined when unknown or ended.
   */
  get(runId: string | undefined): RunRecord | undefined {
    return runId === undefined ? undefined : this.runs.get(runId)
  }

  /**
   * Creates the shared state of a new root run (not registered until its record is added).
   *
   * @param rootRunId - The root run's id.
   * @param nowMs - Its start, epoch ms.
   * @returns The new root state.
   */
  createRoot(rootRunId: string, nowMs: number): RootState {
    return {
      rootRunId,
      openRuns: new Set(),
      unitArm: undefined,
      sessionAttributes: undefined,
      calls: 0,
      costUsd: 0,
      costKnown: true,
      interrupted: false,
      lastActivityMs: nowMs,
      toolDescriptions: undefined,
    }
  }

  /**
   * Registers a started run (and its root, for a root run).
   *
   * @param record - The run.
   * @param nowMs - Its start, epoch ms.
   */
  add(record: RunRecord, nowMs: number): void {
    this.runs.set(record.runId, record)
    const root = record.root
    if (root.openRuns.size === 0) this.roots.set(root.rootRunId, root)
    root.openRuns.add(record)
    root.lastActivityMs = nowMs
    if (record.parent !== undefined) record.parent.openChildren++
  }

  /**
   * Unregisters an ended run; the root state goes with its last open run.
   *
   * @param record - The run.
   * @param nowMs - Its end, epoch ms.
   */
  remove(record: RunRecord, nowMs: number): void {
    if (this.runs.get(record.runId) !== record) return
    this.runs.delete(record.runId)
    this.ended.set(record.runId, true)
    const root = record.root
    root.openRuns.delete(record)
    root.lastActivityMs = nowMs
    if (root.openRuns.size === 0) this.roots.delete(root.rootRunId)
    if (record.parent !== undefined && record.parent.openChildren > 0) record.parent.openChildren--
  }

  /**
   * The open runs below a run, deepest first (so children end before their parents).
   *
   * @param record - An open run with `openChildren > 0`.
   * @returns Its open descendants.
   */
  openDescendants(record: RunRecord): RunRecord[] {
    const found: RunRecord[] = []
    for (const candidate of record.root.openRuns) {
      if (candidate.depth <= record.depth) continue
      let ancestor = candidate.parent
      while (ancestor !== undefined && ancestor.depth > record.depth) ancestor = ancestor.parent
      if (ancestor === record) found.push(candidate)
    }
    return found.sort((a, b) => b.depth - a.depth)
  }

  /**
   * Open runs of a root, deepest first.
   *
   * @param root - A root state.
   * @returns Every open run of the root.
   */
  openRunsOf(root: RootState): RunRecord[] {
    return [...root.openRuns].sort((a, b) => b.depth - a.depth)
  }

  /**
   * Roots to sweep now: those idle past the TTL (checked at most every `min(TTL, 60 s)`), then, while the
   * open-run bound is exceeded, the oldest roots.
   *
   * @param nowMs - Current time, epoch ms.
   * @returns The roots to end, each with the reason.
   */
  rootsToSweep(nowMs: number): readonly SweptRoot[] {
    const dueForTtl = nowMs - this.lastSweepMs >= Math.min(this.limits.runTtlMs, 60_000)
    if (!dueForTtl && this.runs.size < this.limits.maxOpenRuns) return NOTHING_TO_SWEEP
    const swept: SweptRoot[] = []
    if (dueForTtl) {
      this.lastSweepMs = nowMs
      for (const root of this.roots.values()) {
        if (nowMs - root.lastActivityMs >= this.limits.runTtlMs) swept.push({ root, reason: 'ttl_expired' })
      }
    }
    if (this.runs.size >= this.limits.maxOpenRuns) {
      let excess = this.runs.size - this.limits.maxOpenRuns + 1
      for (const root of this.roots.values()) {
        if (excess <= 0) break
        if (swept.some((entry) => entry.root === root)) continue
        swept.push({ root, reason: 'evicted' })
        excess -= root.openRuns.size
      }
    }
    return swept
  }
}
