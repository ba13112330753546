import type { ArmAssignment, Experiment } from '../types.ts'
import { BUCKET_COUNT, bucketFromHash, seedFromSalt, shadowDrawFromHash, shadowSeedFor } from './bucket.ts'
import { resolveHashScheme } from './hash-versions.ts'
import { layoutBuckets } from './layout.ts'
import { assertUnitId } from './unit-id.ts'

/** Assigns units of one experiment to arms; seeds and bucket ranges are computed once. */
export interface Assigner {
  /** The experiment this assigner was built for. */
  readonly experiment: Experiment
  /**
   * Assigns one unit: same id, same answer, in every process.
   *
   * @param unitId - The session, user or thread id (`experiment.unit` says which).
   * @returns The arm, its model, the bucket and, for a control unit, the candidates shadowing it.
   * @throws {CoreError} `UNIT_ID_INVALID` for an empty or non-string id.
   */
  assign(unitId: string): ArmAssignment
}

interface ArmEntry {
  readonly name: string
  readonly model: string
  readonly isControl: boolean
}

interface ShadowDraw {
  readonly arm: string
  readonly seed: number
  /** `shadow * 10000`; a unit is shadowed when its draw (`shadowDrawFromHash`) is below it. */
  readonly threshold: number
}

const NO_SHADOWS: readonly string[] = Object.freeze([])

/**
 * Builds the assigner of an experiment (hash version, seeds, bucket-to-arm table, shadow draws).
 * Build it once per experiment and call `assign` per unit: that is the hot path.
 *
 * @param experiment - A validated experiment (`parseExperiment`).
 * @returns An assigner whose `assign(unitId)` returns an `ArmAssignment`.
 * @throws {CoreError} `HASH_VERSION_UNSUPPORTED` when this release does not implement
 *   `experiment.hashVersion`; `CONFIG_INVALID` when the arms break the layout's invariants.
 * @example
 * const assigner = createAssigner(experiment)
 * const { arm, model, shadowArms } = assigner.assign(sessionId)
 */
export function createAssigner(experiment: Experiment): Assigner {
  const { hashText } = resolveHashScheme(experiment.hashVersion)
  const { id, hashVersion } = experiment
  const seed = seedFromSalt(experiment.salt, hashVersion)
  const armByBucket = tableArmsByBucket(experiment)
  const shadowDraws: readonly ShadowDraw[] = experiment.candidates
    .filter((arm) => arm.shadow > 0)
    .map((arm) => ({
      arm: arm.name,
      seed: shadowSeedFor(experiment.salt, arm.name, hashVersion),
      threshold: arm.shadow * BUCKET_COUNT,
    }))

  const drawShadows = (unitId: string): readonly string[] => {
    let shadowArms: string[] | undefined
    for (const draw of shadowDraws) {
      if (shadowDrawFromHash(hashText(unitId, draw.seed)) < draw.threshold) {
        shadowArms ??= []
        shadowArms.push(draw.arm)
      }
    }
    return shadowArms ?? NO_SHADOWS
  }

  return {
    experiment,
    assign(unitId: string): ArmAssignment {
      assertUnitId(unitId)
      const bucket = bucketFromHash(hashText(unitId, seed))
      const arm = armByBucket[bucket]!
      const shadowArms = arm.isControl && shadowDraws.length > 0 ? drawShadows(unitId) : NO_SHADOWS
      return { experiment: id, arm: arm.name, model: arm.model, bucket, hashVersion, shadowArms }
    },
  }
}

/** One entry per bucket, so `assign` looks its arm up in O(1) whatever the number of arms. */
function tableArmsByBucket(experiment: Experiment): readonly ArmEntry[] {
  const armByBucket = new Array<ArmEntry>(BUCKET_COUNT)
  const byName = new Map(experiment.arms.map((arm) => [arm.name, arm]))
  for (const range of layoutBuckets(experiment.arms)) {
    const arm = byName.get(range.arm)!
    const entry: ArmEntry = { name: arm.name, model: arm.model.id, isControl: arm.isControl }
    armByBucket.fill(entry, range.startBucket, range.endBucket)
  }
  return armByBucket
}

const assigners = new WeakMap<Experiment, Assigner>()

/**
 * Assigns one unit of an experiment to an arm. Convenience over `createAssigner`: the assigner is
 * built on the first call for an experiment object and reused while that object lives.
 *
 * @param experiment - A validated experiment.
 * @param unitId - The session, user or thread id.
 * @returns Where the unit landed.
 * @throws {CoreError} `UNIT_ID_INVALID`, `HASH_VERSION_UNSUPPORTED` or `CONFIG_INVALID` (see `createAssigner`).
 * @example
 * const { arm, model } = assignArm(experiment, state.sessionId)
 */
export function assignArm(experiment: Experiment, unitId: string): ArmAssignment {
  let assigner = assigners.get(experiment)
  if (assigner === undefined) {
    assigner = createAssigner(experiment)
    assigners.set(experiment, assigner)
  }
  return assigner.assign(unitId)
}
