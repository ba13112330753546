import { z } from 'zod'

/**
 * Finds the schema declared for the value at a path of the document, wrappers (optional, default) kept.
 *
 * @param root - The schema the path starts from.
 * @param path - Keys and list indices: `['arms', 'candidate', 'weight']`.
 * @returns The schema, or `undefined` when the path leaves the schema (an unknown key).
 */
function findSchemaAt(root: z.core.$ZodType, path: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let current: z.core.$ZodType | undefined = root
  for (const part of path) {
    const inner: z.core.$ZodType = unwrapSchema(current)
    if (inner instanceof z.ZodObject) current = inner.shape[String(part)] ?? inner.def.catchall
    else if (inner instanceof z.ZodRecord) current = inner.valueType
    else if (inner instanceof z.ZodArray) current = inner.element
    else return undefined
    if (current === undefined) return undefined
  }
  return current
}

/**
 * Lists the keys a mapping of the schema declares at a path.
 *
 * @param root - The schema the path starts from.
 * @param path - Path of a mapping inside the document.
 * @returns The declared keys, or an empty list when the path does not lead to a mapping.
 */
export function listAllowedKeys(root: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  const schema = findSchemaAt(root, path)
  const inner = schema === undefined ? undefined : unwrapSchema(schema)
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : []
}

/**
 * Tells whether the value at a path may be left out (optional, or has a default).
 *
 * @param root - The schema the path starts from.
 * @param path - Path of a value inside the document.
 * @returns True when removing the key is a valid fix.
 */
export function isOptionalAt(root: z.core.$ZodType, path: readonly PropertyKey[]): boolean {
  const schema = findSchemaAt(root, path)
  return schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault
}

function unwrapSchema(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPrefault ||
    current instanceof z.ZodNullable
  ) {
    current = current.unwrap()
  }
  return current
}
