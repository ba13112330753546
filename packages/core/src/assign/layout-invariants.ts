import { CoreError } from '../errors.ts'
import type { Arm } from '../types.ts'
import { BUCKET_COUNT } from './bucket.ts'

/**
 * Checks the invariants the bucket layout and the shadow draw rely on. The config parser already
 * guarantees them for parsed experiments; this catches hand-built ones before they assign wrongly.
 *
 * @param arms - The experiment's arms.
 * @returns The control arm, now known to be the only one.
 * @throws {CoreError} `CONFIG_INVALID` when there is not exactly one control arm, a weight is not an
 *   integer number of basis points in [0, 10000], the weights do not sum to 10000, two candidates
 *   share a slot or a slot is not a non-negative integer, or a shadow share is outside [0, 1]
 *   (or non-zero on control).
 */
export function checkLayoutInvariants(arms: readonly Arm[]): Arm {
  const fail = (path: (string | number)[], message: string): never => {
    throw new CoreError('CONFIG_INVALID', message, { issues: [{ path, message }] })
  }
  const controls = arms.filter((arm) => arm.isControl)
  const [control] = controls
  if (control === undefined || controls.length !== 1) {
    return fail(
      ['arms'],
      `the experiment has ${controls.length} control arms; it needs exactly one arm named control`,
    )
  }
  const slotOwners = new Map<number, string>()
  let totalBasisPoints = 0
  for (const arm of arms) {
    const weight = arm.weightBasisPoints
    if (!Number.isInteger(weight) || weight < 0 || weight > BUCKET_COUNT) {
      fail(
        ['arms', arm.name, 'weight'],
        `arms.${arm.name} has weightBasisPoints ${weight}; it must be an integer in [0, ${BUCKET_COUNT}] ` +
          '(weights are percentages with at most two decimals)',
      )
    }
    totalBasisPoints += weight
    if (arm.isControl) continue
    const owner = slotOwners.get(arm.slot)
    if (!Number.isInteger(arm.slot) || arm.slot < 0 || owner !== undefined) {
      fail(
        ['arms', arm.name, 'slot'],
        `arms.${arm.name} has slot ${arm.slot}${owner === undefined ? '' : `, already taken by arms.${owner}`}; ` +
          'each candidate needs its own non-negative integer slot (set slot: explicitly in experiment.yaml)',
      )
    }
    slotOwners.set(arm.slot, arm.name)
  }
  for (const arm of arms) {
    if (!(arm.shadow >= 0 && arm.shadow <= 1) || (arm.isControl && arm.shadow !== 0)) {
      fail(
        ['arms', arm.name, 'shadow'],
        `arms.${arm.name} has shadow ${arm.shadow}; a candidate's shadow is a share in [0, 1] (5% is 0.05) ` +
          'and control has none',
      )
    }
  }
  if (totalBasisPoints !== BUCKET_COUNT) {
    fail(
      ['arms'],
      `the arm weights sum to ${totalBasisPoints / 100}%; they must sum to 100% (edit the weights in experiment.yaml)`,
    )
  }
  return control
}
