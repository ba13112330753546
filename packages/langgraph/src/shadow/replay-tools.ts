import type { ToolDefinition } from '@langchain/core/language_models/base'

/** The tools of a primary call, ready to bind to a candidate. */
export type ReplayTools =
  /** The call had no tools. */
  | { readonly kind: 'none' }
  /** Every tool, as OpenAI-style function definitions (every LangChain chat model's `bindTools` takes them). */
  | { readonly kind: 'tools'; readonly tools: readonly ToolDefinition[] }
  /** Some tool is in a format we cannot rebind (a provider's server tool, an unknown shape). */
  | { readonly kind: 'unsupported'; readonly example: string }

type JsonObject = Record<string, unknown>

const EMPTY_PARAMETERS: JsonObject = { type: 'object', properties: {} }

/**
 * Reads the tools a primary call was made with from its invocation parameters, whatever provider
 * format they are in: OpenAI chat (`{ type: 'function', function }`), OpenAI responses
 * (`{ type: 'function', name, parameters }`), Anthropic (`{ name, input_schema }`), Google
 * (`{ functionDeclarations: [...] }`) and Bedrock Converse (`{ toolSpec }`).
 *
 * @param invocationParams - `PrimaryCall.invocationParams`.
 * @returns The tools as function definitions, none, or unsupported (the pair would not be comparable).
 */
export function toReplayTools(invocationParams: Readonly<Record<string, unknown>> | undefined): ReplayTools {
  const tools: unknown = invocationParams?.tools
  if (tools === undefined || tools === null || (Array.isArray(tools) && tools.length === 0))
    return { kind: 'none' }
  if (!Array.isArray(tools)) return { kind: 'unsupported', example: describe(tools) }
  const definitions: ToolDefinition[] = []
  for (const tool of tools) {
    const converted = toDefinitions(tool)
    if (converted === undefined) return { kind: 'unsupported', example: describe(tool) }
    definitions.push(...converted)
  }
  return definitions.length === 0 ? { kind: 'none' } : { kind: 'tools', tools: definitions }
}

function toDefinitions(tool: unknown): ToolDefinition[] | undefined {
  if (!isObject(tool)) return undefined
  if (tool.type === 'function' && isObject(tool.function)) {
    const fn = tool.function
    return typeof fn.name === 'string' ? [define(fn.name, fn.description, fn.parameters)] : undefined
  }
  if (tool.type === 'function' && typeof tool.name === 'string') {
    return [define(tool.name, tool.description, tool.parameters)]
  }
  if (typeof tool.name === 'string' && isObject(tool.input_schema)) {
    return [define(tool.name, tool.description, tool.input_schema)]
  }
  const declarations = tool.functionDeclarations ?? tool.function_declarations
  if (Array.isArray(declarations)) {
    const converted = declarations.map((declaration) =>
      isObject(declaration) && typeof declaration.name === 'string'
        ? define(declaration.name, declaration.description, declaration.parameters)
        : undefined,
    )
    return converted.every((definition) => definition !== undefined) ? converted : undefined
  }
  if (isObject(tool.toolSpec) && typeof tool.toolSpec.name === 'string') {
    const spec = tool.toolSpec
    const schema = isObject(spec.inputSchema) ? spec.inputSchema.json : undefined
    return [define(spec.name as string, spec.description, schema)]
  }
  return undefined
}

function define(name: string, description: unknown, parameters: unknown): ToolDefinition {
  return {
    type: 'function',
    function: {
      name,
      ...(typeof description === 'string' ? { description } : {}),
      parameters: isObject(parameters) ? parameters : EMPTY_PARAMETERS,
    },
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (!isObject(value)) return typeof value
  const name = typeof value.name === 'string' ? ` named ${JSON.stringify(value.name)}` : ''
  const type = typeof value.type === 'string' ? ` of type ${JSON.stringify(value.type)}` : ''
  return `a tool${type}${name}`
}
