import { getHeapStatistics } from 'node:v8'
import { GateError } from '../errors.ts'

/**
 * Share of the V8 heap limit the process may hold resident, on top of `RESIDENT_BASE_BYTES`. The analysis
 * keeps its per-session sums in typed arrays, outside the V8 heap, so the heap limit alone does not bound the
 * process: resident memory is checked between batches, and the read stops, with what to do, before it passes
 * the budget (the launcher's 1,024 MB heap gives about 815 MB, so the process stays under 1 GB).
 */
const RESIDENT_SHARE_OF_HEAP_LIMIT = 0.7
/** What Node itself holds resident (code, runtime) whatever the heap limit. */
const RESIDENT_BASE_BYTES = 64 * 1_048_576

/**
 * Makes the check the analysis runs after each batch of spans: past the budget it stops the run with a
 * clear message instead of letting the process grow until the system or V8 kills it.
 *
 * @param options - The budget in bytes (default: `RESIDENT_SHARE_OF_HEAP_LIMIT` of the V8 heap limit), how
 *   to read resident memory (tests pass a fake), the environment (`LLM_CANARY_MAX_HEAP_MB`, for the advice)
 *   and the experiment's unit (`session`, `user`, `thread`; default `unit`), the word the message counts in.
 * @returns The check; it throws GateError `MEMORY_LIMIT` past the budget.
 * @example
 * const checkMemory = createMemoryGuard()
 * onProgress: (figures) => checkMemory(figures)
 */
export function createMemoryGuard(
  options: {
    readonly budgetBytes?: number
    readonly residentBytes?: () => number
    readonly env?: Readonly<Record<string, string | undefined>>
    readonly unit?: string
  } = {},
): (read: { readonly spansRead: number; readonly units: number }) => void {
  const unit = options.unit ?? 'unit'
  const heapLimit = getHeapStatistics().heap_size_limit
  const budget =
    options.budgetBytes ?? Math.floor(heapLimit * RESIDENT_SHARE_OF_HEAP_LIMIT) + RESIDENT_BASE_BYTES
  const resident = options.residentBytes ?? process.memoryUsage.rss
  return (read) => {
    const bytes = resident()
    if (bytes <= budget) return
    const heapMb = Number(options.env?.LLM_CANARY_MAX_HEAP_MB ?? 0) || Math.round(heapLimit / 1_048_576)
    throw new GateError(
      'MEMORY_LIMIT',
      `the analysis needs more memory than its budget (${Math.round(budget / 1_048_576)} MB resident) after ` +
        `${read.spansRead.toLocaleString('en-US')} spans of ${read.units.toLocaleString('en-US')} ${unit}s: no verdict ` +
        `(raise the limit with LLM_CANARY_MAX_HEAP_MB=${heapMb * 2}, narrow the window with --since, or split the traces; ` +
        `a ${unit} takes about 1 KB)`,
    )
  }
}
