const UNSIGNED_INTEGER = /^\d+$/

/**
 * Reads an unsigned 64-bit integer sent as a decimal string (OTLP/JSON, Tempo) or a JSON number
 * (lenient files, Jaeger's microseconds), exactly.
 *
 * @param raw - the value; `undefined` is the proto3 default and reads as 0.
 * @returns the integer, or undefined when it is negative, fractional or not a number at all.
 * @example
 * parseUint64('1544712660000000000') // 1544712660000000000n
 */
export function parseUint64(raw: unknown): bigint | undefined {
  if (raw === undefined || raw === null) return 0n
  if (typeof raw === 'string') return UNSIGNED_INTEGER.test(raw) ? BigInt(raw) : undefined
  // A JSON number above 2^53 already lost precision in JSON.parse; it is still the best value there is.
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return BigInt(raw)
  return undefined
}

/**
 * Converts Unix epoch nanoseconds to fractional milliseconds, keeping microsecond precision.
 *
 * @param nanos - epoch nanoseconds.
 * @returns epoch milliseconds.
 */
export function nanosToMs(nanos: bigint): number {
  return Number(nanos / 1000n) / 1000
}

/**
 * The exact difference of two nanosecond timestamps, in milliseconds.
 *
 * @param startNanos - the start.
 * @param endNanos - the end, not before the start.
 * @returns `end - start` in milliseconds, computed on the integers so no precision is lost to the
 *   size of the epoch.
 */
export function durationNanosToMs(startNanos: bigint, endNanos: bigint): number {
  return Number(endNanos - startNanos) / 1e6
}
