/**
 * Pieces of ClickHouse SQL the push-down query is written with. Only constants of the gate and the
 * user's own column mapping become SQL text; values that come from spans or the command line travel as
 * typed query parameters (`{name:Type}`), which the server binds.
 */

/**
 * A ClickHouse string literal.
 *
 * @param value - Any text.
 * @returns `'...'` with backslashes and quotes escaped.
 */
export function sqlString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
}

/**
 * A quoted ClickHouse identifier (`db`.`table`).
 *
 * @param name - A database, table or column name.
 * @returns The name in backquotes, escaped.
 */
export function sqlIdentifier(name: string): string {
  return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``
}

/**
 * A list of string literals: `['a', 'b']`.
 *
 * @param values - The strings.
 * @returns The array literal.
 */
export function sqlStringArray(values: readonly string[]): string {
  return `[${values.map(sqlString).join(', ')}]`
}

// JavaScript's String.prototype.trim removes WhiteSpace and LineTerminator characters.
const JS_WHITESPACE =
  '[\\t\\n\\v\\f\\r \\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]'

/**
 * SQL trimming what JavaScript's `trim()` trims.
 *
 * @param expr - A String expression.
 * @returns The trimmed expression.
 */
export function sqlTrim(expr: string): string {
  return `replaceRegexpAll(${expr}, ${sqlString(`^${JS_WHITESPACE}+|${JS_WHITESPACE}+$`)}, '')`
}

/** A parsed attribute: its value (`NULL` when absent or unusable) and whether it was present but unusable. */
export interface SqlReading {
  /** `Nullable(Float64)`. */
  readonly value: string
  /** `UInt8`: present (non-empty) but not a usable value. */
  readonly malformed: string
}

/**
 * Reads a number from an attribute stored as text, as the gate's `readNumber` does with a typed one: empty
 * is absent, a finite number is used, anything else is malformed.
 *
 * @param text - The attribute's String expression.
 * @param extra - A further condition the number must meet, given the number's SQL.
 * @returns The value and the malformed flag.
 */
export function sqlReadNumber(text: string, extra?: (x: string) => string): SqlReading {
  const parsed = `toFloat64OrNull(${text})`
  const number = `assumeNotNull(${parsed})`
  const ok = `(isNotNull(${parsed}) AND isFinite(${number})${extra === undefined ? '' : ` AND ${extra(number)}`})`
  return {
    value: `if(${ok}, ${parsed}, CAST(NULL AS Nullable(Float64)))`,
    malformed: `(${text} != '' AND NOT ${ok})`,
  }
}

/** `readNonNegative`: a finite number ≥ 0. */
export function sqlReadNonNegative(text: string): SqlReading {
  return sqlReadNumber(text, (x) => `${x} >= 0`)
}

/** `readCount`: a whole number, 0 or more, at most 2^53 − 1. */
export function sqlReadCount(text: string): SqlReading {
  return sqlReadNumber(text, (x) => `${x} >= 0 AND ${x} = floor(${x}) AND ${x} <= 9007199254740991`)
}
