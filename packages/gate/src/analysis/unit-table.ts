import { CellPool } from './cell-pool.ts'

/** One session seen in the spans: its arm, when it was seen, and its cells (sums and counts). */
export interface UnitEntry {
  /** `gen_ai.conversation.id`, or the trace id when the spans carry none. */
  readonly key: string
  /** Index of the session's arm in `experiment.arms`; -1 while only shadow spans have been seen. */
  arm: number
  /** Earliest span start, epoch ms. */
  firstSeenMs: number
  /** Latest span end, epoch ms. */
  lastSeenMs: number
  /** Agent of each traffic cell (`''` for spans without `gen_ai.agent.name`: runs, unattributed calls). */
  agents: readonly string[]
  /** Traffic cells, parallel to `agents`. */
  cells: readonly number[]
  /** Shadow slots `${armIndex}\u0000${agent}`; absent until the session has a shadow pair. */
  shadowKeys: string[] | undefined
  /** Two cells per shadow slot: the candidate's shadow call, then the paired control call. */
  shadowCells: number[] | undefined
}

/**
 * A copy of a list with one more item, allocated at its exact length: `push` (or a spread) would give a
 * small array 16 or more spare slots, which across 100 000 sessions is most of the table's memory.
 */
function appendExact<T>(list: readonly T[], item: T): T[] {
  const next = new Array<T>(list.length + 1)
  for (let index = 0; index < list.length; index += 1) next[index] = list[index] as T
  next[list.length] = item
  return next
}

const NO_AGENTS: readonly string[] = []
const NO_CELLS: readonly number[] = []

/** The cells of one shadow slot. */
export interface ShadowSlotCells {
  /** The candidate's shadow calls. */
  readonly candidate: number
  /** The control calls they replay. */
  readonly pairedControl: number
}

/**
 * The sessions of one analysis, keyed by session id, with their cells in one `CellPool`. Memory grows
 * with sessions × agents, never with spans.
 *
 * @example
 * const table = new UnitTable()
 * const session = table.touch('conv-1', span.startTimeUnixMs, span.startTimeUnixMs + span.durationMs)
 * table.pool.add(table.cellFor(session, 'writer'), CELL.calls, 1)
 */
export class UnitTable {
  /** Where the cells live. */
  readonly pool = new CellPool()
  private readonly sessions = new Map<string, UnitEntry>()
  /** One string per agent name, so 100 000 sessions share it instead of each keeping its span's copy. */
  private readonly agentNames = new Map<string, string>()

  /** Sessions seen, whatever their arm. */
  get size(): number {
    return this.sessions.size
  }

  /**
   * Finds a session.
   *
   * @param key - The session id.
   * @returns The session, or undefined when no span of it was recorded.
   */
  get(key: string): UnitEntry | undefined {
    return this.sessions.get(key)
  }

  /**
   * Finds or creates a session and widens its seen interval to a span's.
   *
   * @param key - The session id.
   * @param startMs - The span's start, epoch ms.
   * @param endMs - The span's end, epoch ms.
   * @returns The session (arm -1 when new).
   */
  touch(key: string, startMs: number, endMs: number): UnitEntry {
    let unit = this.sessions.get(key)
    if (unit === undefined) {
      unit = {
        key,
        arm: -1,
        firstSeenMs: startMs,
        lastSeenMs: endMs,
        agents: NO_AGENTS,
        cells: NO_CELLS,
        shadowKeys: undefined,
        shadowCells: undefined,
      }
      this.sessions.set(key, unit)
      return unit
    }
    if (startMs < unit.firstSeenMs) unit.firstSeenMs = startMs
    if (endMs > unit.lastSeenMs) unit.lastSeenMs = endMs
    return unit
  }

  /**
   * The traffic cell of a session's agent, allocated on first use.
   *
   * @param session - The session.
   * @param agent - The agent name, `''` for none.
   * @returns The cell id.
   */
  cellFor(unit: UnitEntry, agent: string): number {
    const index = unit.agents.indexOf(agent)
    if (index >= 0) return unit.cells[index] ?? -1
    const cell = this.pool.allocate()
    unit.agents = appendExact(unit.agents, this.internAgent(agent))
    unit.cells = appendExact(unit.cells, cell)
    return cell
  }

  private internAgent(agent: string): string {
    const known = this.agentNames.get(agent)
    if (known !== undefined) return known
    this.agentNames.set(agent, agent)
    return agent
  }

  /**
   * The shadow cells of a session for one candidate and agent, allocated on first use.
   *
   * @param session - The (control) session whose calls were replayed.
   * @param arm - Index of the shadowing candidate in `experiment.arms`.
   * @param agent - The agent name, `''` for none.
   * @returns The candidate's and the paired control's cell ids.
   */
  shadowCellsFor(unit: UnitEntry, arm: number, agent: string): ShadowSlotCells {
    const key = `${arm}\u0000${agent}`
    unit.shadowKeys ??= []
    unit.shadowCells ??= []
    let index = unit.shadowKeys.indexOf(key)
    if (index < 0) {
      index = unit.shadowKeys.length
      unit.shadowKeys.push(key)
      unit.shadowCells.push(this.pool.allocate(), this.pool.allocate())
    }
    return {
      candidate: unit.shadowCells[2 * index] ?? -1,
      pairedControl: unit.shadowCells[2 * index + 1] ?? -1,
    }
  }

  /**
   * Every session, in the order first seen.
   *
   * @returns An iterator over the sessions.
   */
  values(): IterableIterator<UnitEntry> {
    return this.sessions.values()
  }
}

/**
 * Splits a shadow slot key back into its arm index and agent.
 *
 * @param key - `${armIndex}\u0000${agent}`.
 * @returns The arm index and the agent.
 */
export function parseShadowKey(key: string): { readonly arm: number; readonly agent: string } {
  const separator = key.indexOf('\u0000')
  return { arm: Number(key.slice(0, separator)), agent: key.slice(separator + 1) }
}
