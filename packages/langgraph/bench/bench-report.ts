import { cpuUsage } from 'node:process'
import type { NsRow } from '@llm-canary/bench-kit'
import { do_not_optimize } from 'mitata'

/** One operation compared by `measureInterleaved`. */
export interface Variant {
  /** The row name, as code. */
  readonly name: string
  /** The operation. */
  readonly run: () => Promise<unknown>
}

/** Rounds and batch size of `measureInterleaved`. */
export interface InterleaveOptions {
  /** Rounds; each runs one batch of every variant, in rotating order. */
  readonly rounds: number
  /** Operations per batch. */
  readonly batch: number
  /** Rounds run first and thrown away (JIT warm-up). */
  readonly warmupRounds: number
}

/** Rows of `measureInterleaved`, and each variant's paired median difference from the first one. */
export interface InterleavedResult {
  readonly rows: NsRow[]
  /** Median over rounds of (variant's batch mean − first variant's batch mean in the same round), ns/op. */
  readonly medianDeltaNs: number[]
}

/**
 * Measures asynchronous variants in interleaved batches: every round runs a batch of each variant, in
 * a rotating order, and takes the CPU time the process used for the batch (`process.cpuUsage`, user +
 * system, all threads). The work is single-threaded and does no I/O, so on an idle machine CPU time and
 * wall time agree; on a shared machine CPU time is not inflated by waiting for a core. A row's
 * statistics are over its batch means (ns per op); the difference between two variants is the median of
 * their per-round differences, so drift between rounds (caches, frequency, GC) cancels out. (mitata
 * times one row after the other on the wall clock, which on a loaded machine measures the load.)
 *
 * @param variants - The operations; the first is the baseline.
 * @param options - Rounds, batch size, warm-up rounds.
 * @returns One row per variant (empty notes) and the paired median differences from the baseline.
 */
export async function measureInterleaved(
  variants: readonly Variant[],
  options: InterleaveOptions,
): Promise<InterleavedResult> {
  const means = variants.map((): number[] => [])
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const index = (round + k) % variants.length
      const variant = variants[index]!
      const started = cpuUsage()
      for (let n = 0; n < options.batch; n++) do_not_optimize(await variant.run())
      const used = cpuUsage(started)
      const nsPerOp = ((used.user + used.system) * 1e3) / options.batch
      if (round >= options.warmupRounds) means[index]!.push(nsPerOp)
    }
  }
  const rows = variants.map((variant, index) => {
    const sorted = [...means[index]!].sort((a, b) => a - b)
    const avgNs = sorted.reduce((sum, value) => sum + value, 0) / sorted.length
    return {
      name: variant.name,
      avgNs,
      p50Ns: quantile(sorted, 0.5),
      p99Ns: quantile(sorted, 0.99),
      note: '',
    }
  })
  const medianDeltaNs = means.map((series) =>
    quantile(
      series.map((value, round) => value - means[0]![round]!).sort((a, b) => a - b),
      0.5,
    ),
  )
  return { rows, medianDeltaNs }
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low)
}
