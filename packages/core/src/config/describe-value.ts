const MAX_SHOWN_CHARS = 60

/**
 * Tells whether a parsed YAML/JSON value is a mapping (a plain object, not a list or null).
 *
 * @param value - Any parsed value.
 * @returns True for `{ ... }`.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Shows a parsed value the way a message should quote it: `"20"`, `20`, `true`, `a list`.
 *
 * @param value - Any parsed value.
 * @returns A short description; long strings are cut at 60 characters.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing'
  if (value === null) return 'empty (null)'
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN_CHARS ? `${value.slice(0, MAX_SHOWN_CHARS)}…` : value
    return JSON.stringify(shown)
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return typeof value
}

/**
 * Describes a parsed value with its kind, for messages about the wrong type: `the text "20"`, `the number 5`.
 *
 * @param value - Any parsed value.
 * @returns `the text "20"`, `the number 5`, `the boolean true`, `a list`, `a mapping`, `empty (null)` or `missing`.
 */
export function describeGiven(value: unknown): string {
  if (typeof value === 'string') return `the text ${describeValue(value)}`
  if (typeof value === 'number') return `the number ${value}`
  if (typeof value === 'boolean') return `the boolean ${value}`
  return describeValue(value)
}

/**
 * Names the YAML kind of a parsed value, for "expected a number, got text" messages.
 *
 * @param value - Any parsed value.
 * @returns `text`, `a number`, `true/false`, `a list`, `a mapping`, `empty (null)` or `missing`.
 */
export function describeKind(value: unknown): string {
  if (value === undefined) return 'missing'
  if (value === null) return 'empty (null)'
  if (typeof value === 'string') return 'text'
  if (typeof value === 'number') return 'a number'
  if (typeof value === 'boolean') return 'true/false'
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'a mapping' : typeof value
}

/**
 * Writes a value in flow-style YAML for examples in messages: `[extractor, summarizer]`, `{ model: openai:gpt-5 }`.
 *
 * @param value - A plain value (string, number, boolean, list or mapping).
 * @returns The value as a user would type it in the experiment file.
 */
export function writeYamlish(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(writeYamlish).join(', ')}]`
  if (isRecord(value)) {
    const entries = Object.entries(value).map(([key, inner]) => `${key}: ${writeYamlish(inner)}`)
    return `{ ${entries.join(', ')} }`
  }
  return String(value)
}
