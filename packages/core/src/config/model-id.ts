import type { ModelRef } from '../types.ts'
import { describeKind, describeValue } from './describe-value.ts'

/** The provider part of a model id: `openai`, `anthropic`, `google-vertex`. */
const PROVIDER_PATTERN = /^[a-z][a-z0-9_.-]*$/
/** The model part of a model id: `gpt-5`, `claude-4-opus@20250514`, `meta/llama-3:70b`. */
const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/@+:-]*$/
/** A whole model id, `provider:model`; the provider holds no colon, so the first colon splits them. */
export const MODEL_ID_PATTERN = /^[a-z][a-z0-9_.-]*:[A-Za-z0-9][A-Za-z0-9._/@+:-]*$/
/** Longest model id accepted. */
export const MAX_MODEL_ID_CHARS = 200

const EXAMPLE = 'e.g. openai:gpt-5'

/**
 * Checks a model id written `provider:model`.
 *
 * @param value - The value from the file (`model:` of an arm, or a `pricing:` key).
 * @returns A message naming the value, what is wrong and an example, or `undefined` when it is valid.
 */
export function checkModelId(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return `model id is ${describeKind(value)} (${describeValue(value)}); write provider:model, ${EXAMPLE}`
  }
  if (value.length > MAX_MODEL_ID_CHARS) {
    return `model id ${describeValue(value)} is ${value.length} characters long, over the limit of ${MAX_MODEL_ID_CHARS}; write provider:model, ${EXAMPLE}`
  }
  const colon = value.indexOf(':')
  if (colon < 0) {
    return `model id ${describeValue(value)} has no provider; write provider:model, ${EXAMPLE}`
  }
  const provider = value.slice(0, colon)
  const name = value.slice(colon + 1)
  if (!PROVIDER_PATTERN.test(provider)) {
    const lower = `${provider.toLowerCase()}:${name}`
    const hint = MODEL_ID_PATTERN.test(lower) ? `did you mean ${lower}?` : EXAMPLE
    return `model id ${describeValue(value)} has provider ${describeValue(provider)}; a provider is lowercase letters, digits, '.', '_' or '-' and starts with a letter (${hint})`
  }
  if (!MODEL_NAME_PATTERN.test(name)) {
    const what = name === '' ? 'has no model name after the colon' : `has model name ${describeValue(name)}`
    return `model id ${describeValue(value)} ${what}; a model name is letters, digits and . _ / @ + : - and starts with a letter or digit (${EXAMPLE})`
  }
  return undefined
}

/**
 * Splits a valid model id into provider and model name.
 *
 * @param id - A model id that `checkModelId` accepts.
 * @returns The id, its provider and its model name.
 */
export function toModelRef(id: string): ModelRef {
  const colon = id.indexOf(':')
  return { id, provider: id.slice(0, colon), name: id.slice(colon + 1) }
}
