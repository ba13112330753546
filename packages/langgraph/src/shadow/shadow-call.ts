import type { Callbacks } from '@langchain/core/callbacks/manager'
import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import type { BaseMessage } from '@langchain/core/messages'
import type { RunnableConfig } from '@langchain/core/runnables'
import { diag } from '@opentelemetry/api'
import type { ArmModels } from '../routing/arm-models.ts'
import type { PrimaryCall, ShadowCallMetadata } from '../types.ts'
import { METADATA_KEY } from '../types.ts'
import { toReplayMessages } from './replay-messages.ts'
import type { ReplayTools } from './replay-tools.ts'
import { toReplayTools } from './replay-tools.ts'

/** What a shadow call replays: the primary call's messages and tools. */
export interface Replay {
  readonly messages: BaseMessage[]
  readonly tools: Extract<ReplayTools, { kind: 'none' | 'tools' }>
}

/**
 * Reads what to replay from a primary call.
 *
 * @param call - The primary call.
 * @returns The replay, or undefined when the messages are not LangChain messages or a tool cannot be
 *   rebound (the pair would not compare like with like).
 */
export function prepareReplay(call: PrimaryCall): Replay | undefined {
  const messages = toReplayMessages(call.messages)
  if (messages === undefined) {
    diag.debug(`llm-canary shadow runner: call ${call.runId} has no LangChain messages to replay; skipped`)
    return undefined
  }
  const tools = toReplayTools(call.invocationParams)
  if (tools.kind === 'unsupported') {
    diag.debug(
      `llm-canary shadow runner: call ${call.runId} has ${tools.example}, which cannot be rebound; skipped`,
    )
    return undefined
  }
  return { messages, tools }
}

/**
 * The config of a shadow call. Every key that a LangChain call would otherwise inherit from the
 * primary call's context (tags, configurable, signal) is set, so nothing of the user's run leaks in.
 *
 * @param input - The pair's metadata, the shadow run id, the callbacks and the timeout.
 * @returns The config to invoke the candidate with.
 */
export function shadowConfig(input: {
  readonly metadata: ShadowCallMetadata
  readonly shadowRunId: string
  readonly callbacks: Callbacks | undefined
  readonly timeoutMs: number | undefined
}): RunnableConfig {
  const { metadata, shadowRunId, callbacks, timeoutMs } = input
  return {
    runId: shadowRunId,
    metadata: { [METADATA_KEY]: metadata },
    tags: [],
    configurable: {},
    ...(callbacks === undefined ? {} : { callbacks }),
    ...(timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
  }
}

/**
 * Runs one shadow call: the candidate's model, with the primary call's tools bound, on its messages.
 * The answer is discarded.
 *
 * @param input - The arm models, the candidate arm, the replay and the config.
 * @returns A promise that settles when the call does; it rejects when the call fails.
 */
export async function invokeShadow(input: {
  readonly models: Pick<ArmModels, 'modelForArm'>
  readonly arm: string
  readonly replay: Replay
  readonly config: RunnableConfig
}): Promise<void> {
  const { models, arm, replay, config } = input
  // Yield first, so nothing of the shadow call runs inside the primary call's callback.
  await new Promise<void>((resolve) => setImmediate(resolve))
  const model = models.modelForArm(arm)
  if (model === undefined) throw new Error(`the experiment has no arm ${JSON.stringify(arm)}`)
  await withTools(model, replay.tools).invoke(replay.messages, config)
}

function withTools(model: BaseChatModel, tools: Replay['tools']): Pick<BaseChatModel, 'invoke'> {
  if (tools.kind === 'none') return model
  if (model.bindTools === undefined) {
    throw new Error(
      `the candidate's model (${model.getName()}) cannot bind tools, and the primary call had some`,
    )
  }
  return model.bindTools([...tools.tools])
}
