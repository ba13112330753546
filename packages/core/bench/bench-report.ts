import type { NsRow } from '@llm-canary/bench-kit'
import { do_not_optimize, measure } from 'mitata'

/**
 * Measures one operation with mitata and returns its row.
 *
 * @param name - The row name.
 * @param operation - The operation; its result is passed to `do_not_optimize`.
 * @param note - The row's remark.
 * @returns The row, times in nanoseconds per operation (p50 and p99 of mitata's samples).
 */
export async function measureRow(name: string, operation: () => unknown, note = ''): Promise<NsRow> {
  const stats = await measure(() => {
    do_not_optimize(operation())
  })
  return { name, avgNs: stats.avg, p50Ns: stats.p50, p99Ns: stats.p99, note }
}
