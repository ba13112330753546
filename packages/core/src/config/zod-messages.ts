import { z } from 'zod'
import { describeGiven, describeValue, writeYamlish } from './describe-value.ts'
import { isOptionalAt } from './schema-walk.ts'
import { suggestName } from './suggest-name.ts'

type RawIssue = z.core.$ZodRawIssue

/**
 * Words a zod issue for someone editing the experiment file: the field, the value, and what to write.
 * Used as the parse-level error map, so a message a schema sets itself wins over this one.
 *
 * @param issue - The raw zod issue, with its full path, input and schema.
 * @param root - The schema that is parsed, to tell whether removing a key is a valid fix.
 * @returns The message, or `undefined` to fall back to zod's own wording.
 */
export function describeZodIssue(issue: RawIssue, root: z.core.$ZodType): string | undefined {
  const subject = subjectOf(issue.path ?? [])
  switch (issue.code) {
    case 'invalid_type':
      return describeInvalidType(issue, subject, isOptionalAt(root, issue.path ?? []))
    case 'too_small':
    case 'too_big':
      return describeOutOfRange(issue, subject)
    case 'invalid_value':
      return describeInvalidValue(issue.input, issue.values, subject)
    case 'unrecognized_keys':
      return `${subject} has unknown keys ${issue.keys.join(', ')}`
    default:
      return `${subject} is ${describeGiven(issue.input)}, which is not valid here`
  }
}

/** The field a message talks about: the last key of the path, with any list indices after it. */
function subjectOf(path: readonly PropertyKey[]): string {
  let subject = ''
  for (let i = path.length - 1; i >= 0; i--) {
    const part = path[i]
    if (typeof part === 'number') subject = `[${part}]${subject}`
    else return `${String(part)}${subject}`
  }
  return subject === '' ? 'the experiment file' : `item ${subject}`
}

function describeInvalidType(
  issue: Extract<RawIssue, { code: 'invalid_type' }>,
  subject: string,
  optional: boolean,
): string {
  const { input, expected } = issue
  const example = exampleOf(issue)
  const suggestion = example === undefined ? '' : `, e.g. ${subject}: ${example}`
  if (input === undefined) return `${subject} is missing; add it${suggestion}`
  if (input === null) {
    return `${subject} is empty; give it a value${suggestion}${optional ? ' or remove the key' : ''}`
  }
  if ((expected === 'number' || expected === 'int') && typeof input === 'string' && isNumericText(input)) {
    return `${subject} is ${describeGiven(input)}; write the number without quotes: ${subject}: ${input.trim()}`
  }
  const percent = typeof input === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(input) : null
  if (expected === 'number' && percent !== null) {
    return `${subject} is ${describeGiven(input)}; write the number without % or quotes: ${subject}: ${percent[1]}`
  }
  if (typeof input === 'number' && !Number.isFinite(input))
    return `${subject} is ${input}; it must be a finite number`
  if (expected === 'int' && typeof input === 'number')
    return `${subject} is ${input}; it must be a whole number`
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) {
    return `${subject} is ${describeGiven(input)}; quote it to make it text: ${subject}: "${String(input)}"`
  }
  return `${subject} is ${describeGiven(input)}; it must be ${describeExpected(expected)}${suggestion}`
}

function describeOutOfRange(
  issue: Extract<RawIssue, { code: 'too_small' | 'too_big' }>,
  subject: string,
): string | undefined {
  const small = issue.code === 'too_small'
  const limit = String(small ? issue.minimum : issue.maximum)
  if (issue.origin === 'array')
    return `${subject} is an empty list; list at least ${limit}${suggestionOf(issue)}`
  if (issue.origin === 'string') return `${subject} is empty text; write a name`
  const inclusive = issue.inclusive !== false
  const rule = small ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than'
  return `${subject} is ${describeValue(issue.input)}; it must be ${rule} ${limit}`
}

function describeInvalidValue(input: unknown, values: readonly unknown[], subject: string): string {
  const allowed = values.map(String)
  const guess = typeof input === 'string' ? suggestName(input, allowed) : undefined
  const hint = guess === undefined ? '' : ` (did you mean ${guess}?)`
  const options = allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`
  return `${subject} is ${describeGiven(input)}; use ${options}${hint}`
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'number':
      return 'a number'
    case 'int':
      return 'a whole number'
    case 'string':
      return 'text'
    case 'object':
      return 'a mapping of keys to values'
    case 'array':
      return 'a list'
    case 'boolean':
      return 'true or false'
    default:
      return expected
  }
}

function suggestionOf(issue: RawIssue): string {
  const example = exampleOf(issue)
  return example === undefined ? '' : `, e.g. ${subjectOf(issue.path ?? [])}: ${example}`
}

/** The first `examples` entry of the schema's metadata, written as YAML. */
function exampleOf(issue: RawIssue): string | undefined {
  // zod sets `schema` to the schema that owns the issue, also when one of its checks raised it.
  const schema = issue.schema
  if (schema === undefined) return undefined
  const examples = z.globalRegistry.get(schema)?.examples
  return Array.isArray(examples) && examples.length > 0 ? writeYamlish(examples[0]) : undefined
}

function isNumericText(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text))
}
