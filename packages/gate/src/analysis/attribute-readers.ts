import type { Attributes, AttributeValue } from '../types.ts'

/**
 * Counts attribute values that were present but unusable (a string where a number belongs, NaN, a
 * negative token count), by key, so the report can say what was skipped instead of crashing or
 * silently reading 0.
 */
export class MalformedTally {
  private readonly counts = new Map<string, number>()
  private sum = 0

  /** Malformed values seen so far. */
  get total(): number {
    return this.sum
  }

  /**
   * Counts one malformed value.
   *
   * @param key - The attribute key (`gen_ai.usage.input_tokens`).
   * @param count - How many such values (default 1).
   */
  add(key: string, count = 1): void {
    if (count <= 0) return
    this.counts.set(key, (this.counts.get(key) ?? 0) + count)
    this.sum += count
  }

  /**
   * Describes the counts for a warning.
   *
   * @returns `gen_ai.usage.input_tokens ×3, llm_canary.citations ×1`, most frequent first.
   */
  describe(): string {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([key, count]) => `${key} ×${count}`)
      .join(', ')
  }
}

/**
 * Reads a finite number. Absent and `null` (an empty OTLP value) read as absent; anything else that is
 * not a finite number is counted as malformed.
 *
 * @param attributes - The span's (or event's) attributes.
 * @param key - The attribute key.
 * @param tally - Where malformed values are counted.
 * @returns The number, or undefined.
 */
export function readNumber(attributes: Attributes, key: string, tally: MalformedTally): number | undefined {
  const value = attributes[key]
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isFinite(value)) return value
  tally.add(key)
  return undefined
}

/**
 * Reads a finite number that is 0 or more (a duration, a cost).
 *
 * @param attributes - The attributes.
 * @param key - The attribute key.
 * @param tally - Where malformed (and negative) values are counted.
 * @returns The number, or undefined.
 */
export function readNonNegative(
  attributes: Attributes,
  key: string,
  tally: MalformedTally,
): number | undefined {
  const value = readNumber(attributes, key, tally)
  if (value === undefined || value >= 0) return value
  tally.add(key)
  return undefined
}

/**
 * Reads a token count: a whole number, 0 or more.
 *
 * @param attributes - The attributes.
 * @param key - The attribute key.
 * @param tally - Where malformed values are counted.
 * @returns The count, or undefined.
 */
export function readCount(attributes: Attributes, key: string, tally: MalformedTally): number | undefined {
  const value = readNumber(attributes, key, tally)
  if (value === undefined || (Number.isSafeInteger(value) && value >= 0)) return value
  tally.add(key)
  return undefined
}

/**
 * Reads a non-empty string.
 *
 * @param attributes - The attributes.
 * @param key - The attribute key.
 * @param tally - Where malformed (non-string) values are counted.
 * @returns The string, or undefined when absent or empty.
 */
export function readString(attributes: Attributes, key: string, tally: MalformedTally): string | undefined {
  const value = attributes[key]
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'string') return value
  tally.add(key)
  return undefined
}

/**
 * Reads a boolean; the strings `true` / `false` are accepted (some exporters stringify booleans).
 *
 * @param attributes - The attributes.
 * @param key - The attribute key.
 * @param tally - Where malformed values are counted.
 * @returns The boolean, or undefined.
 */
export function readBoolean(attributes: Attributes, key: string, tally: MalformedTally): boolean | undefined {
  const value = attributes[key]
  if (value === undefined || value === null) return undefined
  if (typeof value === 'boolean') return value
  if (value === 'true') return true
  if (value === 'false') return false
  tally.add(key)
  return undefined
}

/**
 * Reads a list of strings: an array attribute, or a string holding a JSON array (exporters that cannot
 * write arrays stringify them). Non-string items make the whole value malformed.
 *
 * @param attributes - The attributes.
 * @param key - The attribute key (`llm_canary.citations`).
 * @param tally - Where malformed values are counted.
 * @returns The strings (possibly empty), or undefined.
 */
export function readStringList(
  attributes: Attributes,
  key: string,
  tally: MalformedTally,
): readonly string[] | undefined {
  const value = attributes[key]
  if (value === undefined || value === null) return undefined
  const list = typeof value === 'string' ? parseJsonList(value) : value
  if (Array.isArray(list) && list.every((item: AttributeValue) => typeof item === 'string')) {
    return list as readonly string[]
  }
  tally.add(key)
  return undefined
}

function parseJsonList(text: string): unknown {
  if (!text.startsWith('[')) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
