import { describeGiven } from '../config/describe-value.ts'
import { CoreError } from '../errors.ts'

/**
 * Checks that a unit id (session, user or thread id) can be hashed.
 *
 * @param unitId - The value to check; anything, since it often comes from untyped graph state.
 * @throws {CoreError} `UNIT_ID_INVALID` when `unitId` is not a string or is empty.
 */
export function assertUnitId(unitId: unknown): asserts unitId is string {
  if (typeof unitId === 'string' && unitId.length > 0) return
  throw new CoreError(
    'UNIT_ID_INVALID',
    `unit id is ${describeGiven(unitId)}; pass the session, user or thread id (experiment.unit) as a non-empty string`,
  )
}
