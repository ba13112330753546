/**
 * Fields of a session cell: the sums and counts the extraction keeps for one session (or one session ×
 * agent, or one shadow pair side). Everything the statistics need is a sum or a count, so a cell is a
 * fixed row of numbers and sessions cost a few hundred bytes, whatever their number of spans. Sums come
 * first (kept as 64-bit floats), counts after them (kept as 32-bit unsigned integers).
 */
export const CELL = {
  /** Σ LLM call duration, ms. */
  latencySumMs: 0,
  /** Σ time to first chunk, ms, over the calls that report it. */
  ttftSumMs: 1,
  /** Σ cost of the calls whose cost is known, USD. */
  costSumUsd: 2,
  runDurationSumMs: 3,
  /** Σ `llm_canary.run.cost_usd` over the runs that carry it. */
  runCostSumUsd: 4,
  accuracySum: 5,
  judgeSum: 6,
  feedbackSum: 7,
  /** Σ Jaccard agreement of citation pairs attributed to this cell. */
  citationSum: 8,
  agentDurationSumMs: 9,
  /** LLM calls. */
  calls: 10,
  /** LLM calls with status ERROR. */
  errors: 11,
  ttftCount: 12,
  costCalls: 13,
  /** Calls whose cost is unknown (no usage, no price). */
  costUnknown: 14,
  /** Graph runs (workflow spans). */
  runs: 15,
  runFailures: 16,
  runCostCount: 17,
  accuracyCount: 18,
  judgeCount: 19,
  feedbackCount: 20,
  citationPairs: 21,
  /** Agent invocations (`invoke_agent` spans). */
  agentSpans: 22,
  agentFailures: 23,
} as const

/** Numbers per cell. */
export const CELL_WIDTH = 24

/** Fields before this one are sums (64-bit floats); from it on, counts (32-bit unsigned integers). */
const SUM_WIDTH = 10
const COUNT_WIDTH = CELL_WIDTH - SUM_WIDTH

/** A field of a cell. */
export type CellField = (typeof CELL)[keyof typeof CELL]

/** The name of a field of a cell (`calls`, `latencySumMs`, ...). */
export type CellFieldName = keyof typeof CELL

const CHUNK_BITS = 14
const CHUNK_CELLS = 1 << CHUNK_BITS
const CHUNK_MASK = CHUNK_CELLS - 1

/**
 * Storage for session cells: fixed-size chunks of typed arrays, so a cell is an integer id, holding
 * 100 000 sessions costs no per-object overhead and growing copies nothing. A cell takes 136 bytes:
 * 10 sums as `Float64Array` and 14 counts as `Uint32Array` (a session × agent never reaches 2³² calls).
 *
 * @example
 * const pool = new CellPool()
 * const cell = pool.allocate()
 * pool.add(cell, CELL.calls, 1)
 * pool.get(cell, CELL.calls) // 1
 */
export class CellPool {
  private readonly sums: Float64Array[] = []
  private readonly counts: Uint32Array[] = []
  private count = 0

  /** Cells allocated so far. */
  get size(): number {
    return this.count
  }

  /**
   * Allocates a cell with every field 0.
   *
   * @returns The cell id.
   */
  allocate(): number {
    if ((this.count & CHUNK_MASK) === 0) {
      this.sums.push(new Float64Array(CHUNK_CELLS * SUM_WIDTH))
      this.counts.push(new Uint32Array(CHUNK_CELLS * COUNT_WIDTH))
    }
    const cell = this.count
    this.count += 1
    return cell
  }

  /**
   * Adds to one field of a cell.
   *
   * @param cell - A cell id from `allocate`.
   * @param field - The field (`CELL.calls`, ...).
   * @param value - The amount to add (a whole number ≥ 0 for a count field).
   */
  add(cell: number, field: CellField, value: number): void {
    const chunk = cell >>> CHUNK_BITS
    const slot = cell & CHUNK_MASK
    if (field < SUM_WIDTH) {
      const sums = this.sums[chunk]
      if (sums === undefined) return
      const index = slot * SUM_WIDTH + field
      sums[index] = (sums[index] ?? 0) + value
      return
    }
    const counts = this.counts[chunk]
    if (counts === undefined) return
    const index = slot * COUNT_WIDTH + field - SUM_WIDTH
    counts[index] = (counts[index] ?? 0) + value
  }

  /**
   * Reads one field of a cell.
   *
   * @param cell - A cell id from `allocate`.
   * @param field - The field.
   * @returns Its value (0 for a cell that was never allocated).
   */
  get(cell: number, field: CellField): number {
    const chunk = cell >>> CHUNK_BITS
    const slot = cell & CHUNK_MASK
    if (field < SUM_WIDTH) return this.sums[chunk]?.[slot * SUM_WIDTH + field] ?? 0
    return this.counts[chunk]?.[slot * COUNT_WIDTH + field - SUM_WIDTH] ?? 0
  }

  /**
   * Adds every field of a cell into a row (to total a session's cells).
   *
   * @param cell - A cell id from `allocate`.
   * @param into - A row of `CELL_WIDTH` numbers, indexed by `CELL`; modified.
   * @returns `into`.
   */
  addInto(cell: number, into: Float64Array): Float64Array {
    const chunk = cell >>> CHUNK_BITS
    const sums = this.sums[chunk]
    const counts = this.counts[chunk]
    if (sums === undefined || counts === undefined) return into
    const slot = cell & CHUNK_MASK
    const sumBase = slot * SUM_WIDTH
    for (let field = 0; field < SUM_WIDTH; field += 1) {
      into[field] = (into[field] ?? 0) + (sums[sumBase + field] ?? 0)
    }
    const countBase = slot * COUNT_WIDTH
    for (let field = 0; field < COUNT_WIDTH; field += 1) {
      into[SUM_WIDTH + field] = (into[SUM_WIDTH + field] ?? 0) + (counts[countBase + field] ?? 0)
    }
    return into
  }
}

/**
 * Creates an empty row of `CELL_WIDTH` numbers, to total cells into.
 *
 * @returns A zeroed row.
 */
export function createCellRow(): Float64Array {
  return new Float64Array(CELL_WIDTH)
}
