import { CoreError } from '../errors.ts'

/**
 * Argument checks shared by the statistics functions. Each throws
 * `CoreError('INVALID_ARGUMENT')` naming the argument, the offending value and what to pass instead.
 * Internal: not exported from the package.
 */

/**
 * Requires a finite number.
 *
 * @param name - Argument name used in the message (`delta`).
 * @param value - The value to check.
 * @throws {CoreError} `INVALID_ARGUMENT` when `value` is NaN or infinite.
 */
export function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new CoreError('INVALID_ARGUMENT', `${name} is ${value}; pass a finite number`)
  }
}

/**
 * Requires a number that is not NaN (infinities allowed, e.g. a cdf at ±Infinity).
 *
 * @param name - Argument name used in the message.
 * @param value - The value to check.
 * @throws {CoreError} `INVALID_ARGUMENT` when `value` is NaN.
 */
export function requireNumber(name: string, value: number): void {
  if (Number.isNaN(value)) {
    throw new CoreError('INVALID_ARGUMENT', `${name} is NaN; pass a number`)
  }
}

/**
 * Requires a finite number strictly above zero.
 *
 * @param name - Argument name used in the message (`sd`, `df`).
 * @param value - The value to check.
 * @throws {CoreError} `INVALID_ARGUMENT` when `value` is not finite or not above 0.
 */
export function requirePositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new CoreError('INVALID_ARGUMENT', `${name} is ${value}; it must be a finite number above 0`)
  }
}

/**
 * Requires a finite number at or above zero.
 *
 * @param name - Argument name used in the message (`unitsPerDay`).
 * @param value - The value to check.
 * @throws {CoreError} `INVALID_ARGUMENT` when `value` is not finite or negative.
 */
export function requireNonNegative(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new CoreError('INVALID_ARGUMENT', `${name} is ${value}; it must be a finite number, 0 or more`)
  }
}

/**
 * Requires a probability strictly inside (0, 1), as alpha and power must be.
 *
 * @param name - Argument name used in the message (`alpha`).
 * @param value - The value to check.
 * @throws {CoreError} `INVALID_ARGUMENT` when `value` is not in (0, 1).
 */
export function requireOpenUnit(name: string, value: number): void {
  if (!(value > 0 && value < 1)) {
    throw new CoreError('INVALID_ARGUMENT', `${name} is ${value}; it must be in (0, 1), e.g. 0.05`)
  }
}

/**
 * Requires a probability in the closed interval [0, 1].
 *
 * @param name - Argument name used in the message (`p`, `q`).
 * @param value - The value to check.
 * @throws {CoreError} `INVALID_ARGUMENT` when `value` is not in [0, 1].
 */
export function requireClosedUnit(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) {
    throw new CoreError('INVALID_ARGUMENT', `${name} is ${value}; it must be in [0, 1]`)
  }
}

/**
 * Requires a count: an integer, 0 or more.
 *
 * @param name - Argument name used in the message (`x1`, `observed[2]`).
 * @param value - The value to check.
 * @throws {CoreError} `INVALID_ARGUMENT` when `value` is not a non-negative integer.
 */
export function requireCount(name: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value >= 0)) {
    throw new CoreError('INVALID_ARGUMENT', `${name} is ${value}; it must be a whole count, 0 or more`)
  }
}

/**
 * Requires a sample of at least `minLength` finite numbers.
 *
 * @param name - Argument name used in the message (`a`, `samples`).
 * @param values - The sample.
 * @param minLength - Fewest values the method needs.
 * @throws {CoreError} `INVALID_ARGUMENT` when the sample is too short or holds NaN or an infinity.
 */
export function requireSample(name: string, values: readonly number[], minLength: number): void {
  if (values.length < minLength) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${name} has ${values.length} value(s); this method needs at least ${minLength} (collect more units first)`,
    )
  }
  const bad = values.findIndex((v) => !Number.isFinite(v))
  if (bad !== -1) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${name}[${bad}] is ${values[bad]}; every value must be a finite number (drop missing values first)`,
    )
  }
}

/**
 * Requires shares that are each in [0, 1] and sum to 1 (within 1e-6, for shares written in decimals).
 *
 * @param name - Argument name used in the message (`expectedShares`).
 * @param shares - The shares, one per arm.
 * @throws {CoreError} `INVALID_ARGUMENT` when a share is outside [0, 1] or the sum is not 1.
 */
export function requireShares(name: string, shares: readonly number[]): void {
  const bad = shares.findIndex((s) => !(s >= 0 && s <= 1))
  if (bad !== -1) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${name}[${bad}] is ${shares[bad]}; shares must be fractions in [0, 1] (divide percent weights by 100)`,
    )
  }
  const total = shares.reduce((sum, s) => sum + s, 0)
  if (Math.abs(total - 1) > 1e-6) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${name} sum to ${total}; shares must sum to 1 (divide percent weights by 100)`,
    )
  }
}
