import type { Arm } from '../types.ts'
import { BUCKET_COUNT } from './bucket.ts'
import { checkLayoutInvariants } from './layout-invariants.ts'

/** The buckets one arm owns: the half-open range [startBucket, endBucket). */
export interface BucketRange {
  /** The arm name. */
  readonly arm: string
  /** First bucket of the range. */
  readonly startBucket: number
  /** One past the last bucket; equal to `startBucket` for an arm with weight 0. */
  readonly endBucket: number
}

/**
 * Lays the arms out on the 10,000 buckets (hash version 1, docs/assignment.md): candidates with
 * even slots stack down from the top (slot 0 at [10000 - w0, 10000)), odd slots stack up from the
 * bottom (slot 1 at [0, w1)), each end in increasing slot order; control takes the middle.
 *
 * @param arms - The experiment's arms: one control, candidates with distinct slots.
 * @returns One range per arm, candidates first (top end, then bottom end), control last.
 * @throws {CoreError} `CONFIG_INVALID` when the arms break what the layout needs (see `checkLayoutInvariants`).
 * @example
 * layoutBuckets(experiment.arms)
 * // [{ arm: 'candidate', startBucket: 8000, endBucket: 10000 }, { arm: 'control', startBucket: 0, endBucket: 8000 }]
 */
export function layoutBuckets(arms: readonly Arm[]): BucketRange[] {
  const control = checkLayoutInvariants(arms)
  const candidates = arms.filter((arm) => !arm.isControl)
  const ranges: BucketRange[] = []
  let top = BUCKET_COUNT
  for (const arm of candidatesAtEnd(candidates, 0)) {
    ranges.push({ arm: arm.name, startBucket: top - arm.weightBasisPoints, endBucket: top })
    top -= arm.weightBasisPoints
  }
  let bottom = 0
  for (const arm of candidatesAtEnd(candidates, 1)) {
    ranges.push({ arm: arm.name, startBucket: bottom, endBucket: bottom + arm.weightBasisPoints })
    bottom += arm.weightBasisPoints
  }
  ranges.push({ arm: control.name, startBucket: bottom, endBucket: top })
  return ranges
}

function candidatesAtEnd(candidates: readonly Arm[], parity: 0 | 1): Arm[] {
  return candidates.filter((arm) => arm.slot % 2 === parity).sort((a, b) => a.slot - b.slot)
}
