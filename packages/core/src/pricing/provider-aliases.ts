/**
 * Provider names as llm-canary sees them (the `provider` of `provider:model`, from the experiment file, from
 * LangChain's `initChatModel` prefixes, or from OpenTelemetry's `gen_ai.provider.name`) mapped to the provider
 * ids of `@pydantic/genai-prices`. Names not listed are passed to the table lower-cased, as they are: the
 * table's own ids (`openai`, `anthropic`, `cohere`, `deepseek`, `groq`, `perplexity`, `fireworks`,
 * `cerebras`, `together`, `openrouter`, ...) need no entry.
 *
 * | ours | table |
 * |---|---|
 * | `aws.bedrock` (OTel), `bedrock`, `bedrock_converse` (LangChain) | `aws` |
 * | `azure.ai.openai`, `azure.ai.inference` (OTel), `azure_openai` (LangChain) | `azure` (falls back to OpenAI, Anthropic, DeepSeek, xAI prices) |
 * | `gcp.gemini`, `gcp.vertex_ai`, `gcp.gen_ai` (OTel), `google-genai`, `google-vertexai`, `google-vertexai-web` (LangChain) | `google` |
 * | `mistral_ai` (OTel), `mistralai` (LangChain) | `mistral` |
 * | `x_ai` (OTel), `xai` (LangChain) | `x-ai` |
 * | `moonshot` | `moonshotai` |
 * | `together_ai`, `togetherai` | `together` |
 *
 * The explicit entries matter: left to the table's fuzzy provider matching, `azure.ai.openai` would match
 * `openai` (direct OpenAI prices) and `x_ai` would match nothing.
 */
export const PRICE_TABLE_PROVIDER_IDS: Readonly<Record<string, string>> = {
  'aws.bedrock': 'aws',
  bedrock: 'aws',
  bedrock_converse: 'aws',
  'azure.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  azure_openai: 'azure',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  'google-genai': 'google',
  google_genai: 'google',
  'google-vertexai': 'google',
  google_vertexai: 'google',
  'google-vertexai-web': 'google',
  mistral_ai: 'mistral',
  mistralai: 'mistral',
  x_ai: 'x-ai',
  xai: 'x-ai',
  moonshot: 'moonshotai',
  together_ai: 'together',
  togetherai: 'together',
}

/** A model id split for the price table. */
export interface TableModelQuery {
  /** The table's provider id, or `undefined` when the id has no provider part (the table then guesses from the model name). */
  readonly providerId: string | undefined
  /** The model part, as written (`claude-opus-4-1`, `anthropic.claude-3-5-sonnet-20240620-v1:0`). */
  readonly modelName: string
}

/**
 * Splits `provider:model` at its first colon (Bedrock model names contain colons) and maps the provider.
 *
 * @param modelId - `provider:model`, or a bare model name.
 * @returns The table provider id and the model name.
 * @example
 * toTableModelQuery('aws.bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0')
 * // { providerId: 'aws', modelName: 'anthropic.claude-3-5-sonnet-20240620-v1:0' }
 */
export function toTableModelQuery(modelId: string): TableModelQuery {
  const colon = modelId.indexOf(':')
  const provider = colon > 0 ? modelId.slice(0, colon).trim().toLowerCase() : ''
  if (provider === '') return { providerId: undefined, modelName: modelId.slice(colon + 1).trim() }
  const providerId = Object.hasOwn(PRICE_TABLE_PROVIDER_IDS, provider)
    ? PRICE_TABLE_PROVIDER_IDS[provider]
    : provider
  return { providerId, modelName: modelId.slice(colon + 1).trim() }
}
