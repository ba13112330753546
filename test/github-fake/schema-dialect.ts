import type { ErrorObject } from 'ajv'

type Json = Record<string, unknown>

/**
 * Turns OpenAPI 3.0 schema dialect into JSON Schema that ajv checks the same way GitHub means it:
 * `nullable: true` becomes a `null` alternative, local `$ref`s point into the registered document, and
 * `oneOf` is read as `anyOf`: GitHub's description uses `oneOf` for alternatives that overlap (the 409 of
 * `PUT /contents/{path}` is `basic-error` or `repository-rule-violation-error`, which every error body
 * matches both of), so under strict `oneOf` no real answer would be valid.
 */
export function toJsonSchema(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) toJsonSchema(item)
    return
  }
  if (node === null || typeof node !== 'object') return
  const obj = node as Json
  for (const value of Object.values(obj)) toJsonSchema(value)
  if (typeof obj.$ref === 'string' && obj.$ref.startsWith('#/')) obj.$ref = `gh${obj.$ref}`
  if (Array.isArray(obj.oneOf) && obj.properties === undefined) {
    obj.anyOf = obj.oneOf
    delete obj.oneOf
  }
  if (obj.nullable !== true) return
  delete obj.nullable
  if (typeof obj.type === 'string') {
    obj.type = [obj.type, 'null']
    if (Array.isArray(obj.enum) && !obj.enum.includes(null)) obj.enum.push(null)
  } else {
    const copy = { ...obj }
    for (const key of Object.keys(obj)) delete obj[key]
    obj.anyOf = [{ type: 'null' }, copy]
  }
}

function propertyPath(instancePath: string): string {
  const parts = instancePath.split('/').slice(1)
  return parts.map((p) => (/^\d+$/.test(p) ? 'items' : `properties/${p}`)).join('/')
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}

/** An ajv error in the words GitHub's request validator uses ("Invalid request.\n\n…"). */
export function githubWording(error: ErrorObject): string {
  const where = propertyPath(error.instancePath)
  const value = JSON.stringify(error.data)
  const params = error.params as Json
  switch (error.keyword) {
    case 'required':
      return `"${String(params.missingProperty)}" wasn't supplied.`
    case 'enum':
      return `For '${where}', ${value} is not a member of [${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}].`
    case 'maxLength':
      return `Only ${String(params.limit)} characters are allowed; ${[...String(error.data)].length} were supplied.`
    case 'type':
      return `For '${where}', ${value} is not ${article(String(params.type))}.`
    case 'additionalProperties':
      return `"${String(params.additionalProperty)}" is not a permitted key.`
    case 'maxItems':
      return `For '${where}', the array has ${(error.data as unknown[]).length} items; at most ${String(params.limit)} are allowed.`
    default:
      return `For '${where}', ${value} ${error.message ?? 'is invalid'}.`
  }
}

/** A query or path parameter's text as the type its schema declares (numbers, booleans, comma lists). */
export function coerceQueryValue(raw: string[], schema: Json | undefined): unknown {
  const type = schema?.type
  const first = raw[0] ?? ''
  if (type === 'array') return raw.flatMap((r) => r.split(','))
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(first)) return Number(first)
  if (type === 'boolean' && (first === 'true' || first === 'false')) return first === 'true'
  return first
}
