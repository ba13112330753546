import {
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@llm-canary/core'
import type { Attributes } from '@opentelemetry/api'
import type { RootState } from '../internal-types.ts'

type Loose = Readonly<Record<string, unknown>> | undefined

/**
 * Hosts the providers' clients call when no base URL is configured, by OpenTelemetry provider name: the
 * `server.address` of their calls (Tempo's service graph draws the edge to the provider from it).
 * Providers whose host depends on a region or deployment (Azure, Bedrock, Vertex AI) are left out.
 */
const DEFAULT_HOSTS: Readonly<Record<string, string>> = {
  openai: 'api.openai.com',
  anthropic: 'api.anthropic.com',
  mistral_ai: 'api.mistral.ai',
  groq: 'api.groq.com',
  deepseek: 'api.deepseek.com',
  x_ai: 'api.x.ai',
  cohere: 'api.cohere.com',
  perplexity: 'api.perplexity.ai',
  'gcp.gemini': 'generativelanguage.googleapis.com',
}

/** Where LangChain chat models keep a configured base URL in their serialised constructor arguments. */
const BASE_URL_PATHS: readonly (readonly string[])[] = [
  ['configuration', 'baseURL'],
  ['clientOptions', 'baseURL'],
  ['client_options', 'baseURL'],
  ['baseURL'],
  ['baseUrl'],
  ['base_url'],
  ['anthropic_api_url'],
  ['anthropicApiUrl'],
]

/**
 * Adds the recommended request attributes LangChain gives: temperature, max tokens and top_p (from the
 * call's `invocation_params`, else the `ls_*` metadata), and the output type when the request asks for
 * one (`response_format`: `json` for a JSON object or schema, else `text`).
 *
 * @param attributes - The LLM span's start attributes, added to in place.
 * @param metadata - The run's metadata (`ls_temperature`, `ls_max_tokens`).
 * @param invocation - `extraParams.invocation_params`.
 */
export function addRequestAttributes(attributes: Attributes, metadata: Loose, invocation: Loose): void {
  const temperature = numberOf(invocation?.temperature) ?? numberOf(metadata?.ls_temperature)
  if (temperature !== undefined) attributes[ATTR_GEN_AI_REQUEST_TEMPERATURE] = temperature
  const maxTokens =
    integerOf(invocation?.max_tokens) ??
    integerOf(invocation?.max_completion_tokens) ??
    integerOf(invocation?.maxTokens) ??
    integerOf(invocation?.maxOutputTokens) ??
    integerOf(metadata?.ls_max_tokens)
  if (maxTokens !== undefined) attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = maxTokens
  const topP = numberOf(invocation?.top_p) ?? numberOf(invocation?.topP)
  if (topP !== undefined) attributes[ATTR_GEN_AI_REQUEST_TOP_P] = topP
  const format = (invocation?.response_format as Loose)?.type
  if (typeof format === 'string') attributes[ATTR_GEN_AI_OUTPUT_TYPE] = format === 'text' ? 'text' : 'json'
}

/**
 * Adds `server.address` and `server.port`: the base URL the model was configured with (its serialised
 * constructor arguments), else the provider's public API host on 443.
 *
 * @param attributes - The LLM span's start attributes, added to in place.
 * @param serialized - The `Serialized` model of the start callback.
 * @param providerName - The call's OpenTelemetry provider name.
 */
export function addServerAttributes(
  attributes: Attributes,
  serialized: unknown,
  providerName: string | undefined,
): void {
  const kwargs = (serialized as { kwargs?: Loose } | undefined)?.kwargs
  const configured = kwargs === undefined ? undefined : findBaseUrl(kwargs)
  if (configured !== undefined) {
    attributes[ATTR_SERVER_ADDRESS] = configured.hostname.replace(/^\[|\]$/g, '')
    attributes[ATTR_SERVER_PORT] =
      configured.port === '' ? (configured.protocol === 'http:' ? 80 : 443) : Number(configured.port)
    return
  }
  const host = providerName === undefined ? undefined : DEFAULT_HOSTS[providerName]
  if (host === undefined) return
  attributes[ATTR_SERVER_ADDRESS] = host
  attributes[ATTR_SERVER_PORT] = 443
}

/**
 * Remembers the descriptions of the tools a call offers the model (`invocation_params.tools`, in the
 * OpenAI, Anthropic or Gemini shape), so the run's `execute_tool` spans can carry them.
 *
 * @param root - The run's shared state.
 * @param invocation - `extraParams.invocation_params`.
 */
export function rememberToolDescriptions(root: RootState, invocation: Loose): void {
  const tools = invocation?.tools
  if (!Array.isArray(tools) || tools.length === 0) return
  for (const entry of tools as Loose[]) {
    const declarations = entry?.functionDeclarations
    for (const tool of Array.isArray(declarations)
      ? (declarations as Loose[])
      : [(entry?.function as Loose) ?? entry]) {
      const name = tool?.name
      const description = tool?.description
      if (typeof name !== 'string' || typeof description !== 'string' || description === '') continue
      root.toolDescriptions ??= new Map()
      root.toolDescriptions.set(name, description)
    }
  }
}

function findBaseUrl(kwargs: Readonly<Record<string, unknown>>): URL | undefined {
  for (const path of BASE_URL_PATHS) {
    let value: unknown = kwargs
    for (const key of path) value = (value as Loose)?.[key]
    if (typeof value !== 'string' || value === '') continue
    try {
      return new URL(value)
    } catch {
      // Not a URL: look further.
    }
  }
  return undefined
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

function integerOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined
}
