import { CoreError } from '../errors.ts'
import type { VerdictInput } from './verdict-types.ts'

/**
 * Checks what the gate passes to `decideVerdict`: known arms, once each, whole unit counts, and
 * non-negative days, traffic and plan. Internal to the verdict.
 *
 * @param input - The verdict input.
 * @throws {CoreError} `INVALID_ARGUMENT` naming the offending value and what to pass instead.
 */
export function checkVerdictInput(input: VerdictInput): void {
  const known = new Set(input.experiment.arms.map((arm) => arm.name))
  const seen = new Set<string>()
  for (const obs of input.arms) {
    if (!known.has(obs.arm)) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `observations name arm "${obs.arm}", which the experiment does not have (arms: ${[...known].join(', ')}); filter spans by the experiment's arms`,
      )
    }
    if (seen.has(obs.arm)) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `arm "${obs.arm}" has observations twice; merge them into one entry per arm`,
      )
    }
    seen.add(obs.arm)
    if (!(Number.isSafeInteger(obs.units) && obs.units >= 0)) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `arm "${obs.arm}" has units ${obs.units}; pass a whole count, 0 or more`,
      )
    }
  }
  if (!(Number.isFinite(input.observedDays) && input.observedDays >= 0)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `observedDays is ${input.observedDays}; pass the days since the data window started, 0 or more`,
    )
  }
  if (input.unitsPerDay !== undefined && !(Number.isFinite(input.unitsPerDay) && input.unitsPerDay >= 0)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `unitsPerDay is ${input.unitsPerDay}; pass the observed traffic, 0 or more units per day`,
    )
  }
  if (
    input.plannedUnitsPerArm !== undefined &&
    !(Number.isFinite(input.plannedUnitsPerArm) && input.plannedUnitsPerArm > 0)
  ) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `plannedUnitsPerArm is ${input.plannedUnitsPerArm}; pass the units per arm from planExperiment (above 0), or leave it out`,
    )
  }
  for (const [arm, count] of Object.entries(input.setAside ?? {})) {
    if (!(Number.isSafeInteger(count) && count >= 0)) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `setAside.${arm} is ${count}; pass how many values of the arm were set aside, a whole number 0 or more`,
      )
    }
  }
}
