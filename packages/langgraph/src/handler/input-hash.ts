import type { KeyObject } from 'node:crypto'
import { hash } from 'node:crypto'
import { contentOf, roleOf } from './message-content.ts'

/**
 * Serialises a JSON-like value canonically: object keys sorted, no whitespace, `undefined` members
 * dropped, non-JSON values (functions, symbols) as `null`. Two equal inputs give the same text in every
 * process, whatever order their keys were built in.
 *
 * @param value - A JSON-like value.
 * @returns The canonical JSON text.
 * @example
 * canonicalJson({ b: 1, a: [true, 'x'] }) // '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return String(value)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'bigint') return JSON.stringify(value.toString())
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined && typeof record[key] !== 'function')
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
    return `{${members.join(',')}}`
  }
  return 'null'
}

/**
 * Keyed hash of an LLM call's input: HMAC-SHA256 over the canonical JSON of the messages' roles and
 * contents, hex, first 32 characters (128 bits). Identical inputs hash alike across arms and processes
 * sharing the key, so the gate can pair them; without the key the hash reveals nothing about the text.
 *
 * @param hashKey - The secret key.
 * @param messages - The call's input messages (or prompt strings).
 * @returns 32 lower-case hex characters.
 * @example
 * hashInput('secret', [new HumanMessage('hi')]) // same value for the same key and messages
 */
export function hashInput(hashKey: string | Uint8Array | KeyObject, messages: readonly unknown[]): string {
  return createInputHasher(hashKey)(messages)
}

/** SHA-256 block size in bytes. */
const BLOCK = 64
/** Inputs up to this many bytes are written into a reused buffer; longer ones get their own. */
const REUSED_BYTES = 64 * 1024

/**
 * Prepares `hashInput` for one key, for the handler's hot path: the same HMAC-SHA256 (RFC 2104, with the
 * key's inner and outer pads computed once), taken as two one-shot SHA-256 digests of node:crypto over a
 * reused buffer. `createHmac` builds a native HMAC object and re-derives both pads on every call, which
 * costs several microseconds per LLM call inside a LangChain run; the digests are node:crypto's own.
 *
 * @param hashKey - The secret key.
 * @returns A function from the call's messages to the 32 hex characters `hashInput` gives.
 */
export function createInputHasher(
  hashKey: string | Uint8Array | KeyObject,
): (messages: readonly unknown[]) => string {
  const raw = toKeyBytes(hashKey)
  const key = raw.length > BLOCK ? hash('sha256', raw, 'buffer') : raw
  const innerPad = Buffer.alloc(BLOCK)
  const outer = Buffer.alloc(BLOCK + 32)
  for (let i = 0; i < BLOCK; i++) {
    innerPad[i] = (key[i] ?? 0) ^ 0x36
    outer[i] = (key[i] ?? 0) ^ 0x5c
  }
  const reused = Buffer.alloc(BLOCK + REUSED_BYTES)
  innerPad.copy(reused)
  return (messages) => {
    const text = canonicalMessages(messages)
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const inner =
      text.length * 3 <= REUSED_BYTES
        ? reused.subarray(0, BLOCK + reused.write(text, BLOCK))
        : Buffer.concat([innerPad, Buffer.from(text)])
    hash('sha256', inner, 'buffer').copy(outer, BLOCK)
    return hash('sha256', outer, 'hex').slice(0, 32)
  }
}

function toKeyBytes(hashKey: string | Uint8Array | KeyObject): Buffer {
  if (typeof hashKey === 'string') return Buffer.from(hashKey, 'utf8')
  if (hashKey instanceof Uint8Array) return Buffer.from(hashKey)
  return hashKey.export()
}

/**
 * `canonicalJson` of `[{ content, role }, …]` for the messages, written directly: the members are
 * already in key order (`content` < `role`), and a string content is its JSON string. The text is the
 * same as the generic function's, without building the intermediate objects on every LLM call.
 */
function canonicalMessages(messages: readonly unknown[]): string {
  let text = '['
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]
    const isPrompt = typeof message === 'string'
    const content = isPrompt ? message : contentOf(message)
    const role = JSON.stringify(isPrompt ? 'user' : roleOf(message))
    if (i > 0) text += ','
    if (typeof content === 'string') text += `{"content":${JSON.stringify(content)},"role":${role}}`
    // A function is no JSON value: canonicalJson drops the member.
    else if (typeof content === 'function') text += `{"role":${role}}`
    else text += `{"content":${canonicalJson(content)},"role":${role}}`
  }
  return `${text}]`
}
