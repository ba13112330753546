/** One message as the GenAI conventions write it: a role and its parts. */
export interface OtelMessage {
  readonly role: string
  readonly parts: readonly OtelMessagePart[]
  readonly finish_reason?: string
}

/** A part of a message: text with its content, or another kind of block named by its type only. */
type OtelMessagePart = { readonly type: 'text'; readonly content: string } | { readonly type: string }

const ROLES: Readonly<Record<string, string>> = {
  human: 'user',
  user: 'user',
  ai: 'assistant',
  assistant: 'assistant',
  system: 'system',
  developer: 'system',
  tool: 'tool',
  function: 'tool',
}

/**
 * The GenAI role of a LangChain message (`human` → `user`, `ai` → `assistant`, `tool`, `system`).
 *
 * @param message - A `BaseMessage`, or a serialised one.
 * @returns The role; a chat message's own role, or `user` when nothing says otherwise.
 */
export function roleOf(message: unknown): string {
  if (typeof message !== 'object' || message === null) return 'user'
  const record = message as { type?: unknown; role?: unknown; _getType?: () => unknown }
  const type = typeof record.type === 'string' ? record.type : safeGetType(record)
  if (type === 'generic' || type === 'chat') return typeof record.role === 'string' ? record.role : 'user'
  return (typeof type === 'string' && ROLES[type]) || 'user'
}

function safeGetType(record: { _getType?: () => unknown }): unknown {
  try {
    return typeof record._getType === 'function' ? record._getType() : undefined
  } catch {
    return undefined
  }
}

/**
 * The content of a LangChain message, as given: a string or an array of content blocks.
 *
 * @param message - A `BaseMessage`.
 * @returns Its `content`, or `''` when it has none.
 */
export function contentOf(message: unknown): unknown {
  if (typeof message === 'string') return message
  if (typeof message !== 'object' || message === null) return ''
  return (message as { content?: unknown }).content ?? ''
}

/**
 * The plain text of a message's content: a string as is, text blocks joined.
 *
 * @param content - A message's `content`.
 * @returns The text, `''` when there is none.
 */
export function textOfContent(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  let text = ''
  for (const block of content) {
    if (typeof block === 'string') text += block
    else if (isTextBlock(block)) text += block.text
  }
  return text
}

function isTextBlock(block: unknown): block is { type: 'text'; text: string } {
  return (
    typeof block === 'object' &&
    block !== null &&
    (block as { type?: unknown }).type === 'text' &&
    typeof (block as { text?: unknown }).text === 'string'
  )
}

/**
 * Converts LangChain messages to the GenAI message format for `gen_ai.input.messages` /
 * `gen_ai.output.messages` (recorded only with content capture on).
 *
 * @param messages - `BaseMessage`s (or prompt strings for completion models).
 * @param finishReason - For output messages: the call's finish reason.
 * @returns The messages, each with its role and parts; non-text blocks keep only their type.
 */
export function toOtelMessages(messages: readonly unknown[], finishReason?: string): OtelMessage[] {
  return messages.map((message) => {
    const parts = toParts(contentOf(message))
    const role = typeof message === 'string' ? 'user' : roleOf(message)
    return finishReason === undefined ? { role, parts } : { role, parts, finish_reason: finishReason }
  })
}

function toParts(content: unknown): OtelMessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }]
  if (!Array.isArray(content)) return []
  return content.map((block): OtelMessagePart => {
    if (typeof block === 'string') return { type: 'text', content: block }
    if (isTextBlock(block)) return { type: 'text', content: block.text }
    const type = typeof block === 'object' && block !== null ? (block as { type?: unknown }).type : undefined
    return { type: typeof type === 'string' ? type : 'unknown' }
  })
}
