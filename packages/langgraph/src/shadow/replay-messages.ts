import type { BaseMessage } from '@langchain/core/messages'
import { isBaseMessage } from '@langchain/core/messages'

/**
 * The messages to replay from a primary call. `handleChatModelStart` receives one list of messages
 * per prompt (`BaseMessage[][]`); a chat model `invoke` has exactly one prompt. A flat list is
 * accepted too.
 *
 * @param messages - `PrimaryCall.messages`.
 * @returns The first prompt's messages, or undefined when they are not all LangChain messages or empty.
 */
export function toReplayMessages(messages: readonly unknown[]): BaseMessage[] | undefined {
  const first = messages[0]
  const prompt: readonly unknown[] = Array.isArray(first) ? first : messages
  if (prompt.length === 0 || !prompt.every((message) => isBaseMessage(message))) return undefined
  return [...(prompt as readonly BaseMessage[])]
}
