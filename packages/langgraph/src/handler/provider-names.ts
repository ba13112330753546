/**
 * LangChain `ls_provider` values mapped to OpenTelemetry `gen_ai.provider.name` values (GenAI
 * conventions, Development). Providers the conventions do not name pass through as LangChain wrote them.
 */
const OTEL_PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: 'openai',
  azure: 'azure.ai.openai',
  azure_openai: 'azure.ai.openai',
  azure_ai: 'azure.ai.inference',
  anthropic: 'anthropic',
  google_genai: 'gcp.gemini',
  'google-genai': 'gcp.gemini',
  google: 'gcp.gemini',
  google_vertexai: 'gcp.vertex_ai',
  'google-vertexai': 'gcp.vertex_ai',
  'google-vertexai-web': 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  amazon_bedrock: 'aws.bedrock',
  bedrock: 'aws.bedrock',
  bedrock_converse: 'aws.bedrock',
  aws: 'aws.bedrock',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'x_ai',
  cohere: 'cohere',
  perplexity: 'perplexity',
  ibm: 'ibm.watsonx.ai',
  watsonx: 'ibm.watsonx.ai',
}

/**
 * Maps LangChain's provider name to the OpenTelemetry one.
 *
 * @param lsProvider - `metadata.ls_provider` of a chat model run (`openai`, `google_genai`, `amazon_bedrock`).
 * @returns The `gen_ai.provider.name` value (`openai`, `gcp.gemini`, `aws.bedrock`); unknown names are
 *   returned unchanged; undefined for a missing or blank name.
 * @example
 * toOtelProviderName('google_genai') // 'gcp.gemini'
 * toOtelProviderName('ollama') // 'ollama'
 */
export function toOtelProviderName(lsProvider: unknown): string | undefined {
  if (typeof lsProvider !== 'string' || lsProvider.trim() === '') return undefined
  const key = lsProvider.trim().toLowerCase()
  return Object.hasOwn(OTEL_PROVIDER_NAMES, key) ? OTEL_PROVIDER_NAMES[key] : lsProvider.trim()
}
