/**
 * Test support for the routing, kill-switch and shadow tests: experiments, unit ids that land in a
 * given arm, and fake chat models that say which model answered. Nothing in the package imports it.
 */
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager'
import type { BaseMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import { FakeListChatModel } from '@langchain/core/utils/testing'
import type { Experiment, ModelRef } from '@llm-canary/core'
import { createAssigner, loadExperiment } from '@llm-canary/core'
import type { CallOutcome } from '../types.ts'
import type { ModelFactory } from './model-cache.ts'

/** Model ids of the test experiments. */
export const CONTROL_MODEL = 'openai:gpt-4.1'
export const CANDIDATE_MODEL = 'openai:gpt-5'

/**
 * A valid experiment, control and one candidate at 50/50, with top-level keys replaced.
 *
 * @param overrides - Keys of the experiment file to replace.
 * @returns The normalised experiment.
 */
export function buildExperiment(overrides: Record<string, unknown> = {}): Experiment {
  return loadExperiment({
    experiment: 'routing-test',
    arms: {
      control: { model: CONTROL_MODEL, weight: 50 },
      candidate: { model: CANDIDATE_MODEL, weight: 50 },
    },
    guardrails: { error_rate: { max_increase: '1pp' } },
    ...overrides,
  })
}

/**
 * Finds a unit id that the experiment assigns to an arm (and, optionally, shadows to candidates).
 *
 * @param experiment - The experiment.
 * @param arm - The arm wanted.
 * @param options - A prefix for the ids, and whether the unit must have shadow arms.
 * @returns The first `prefix-N` that lands there.
 */
export function findUnitId(
  experiment: Experiment,
  arm: string,
  options: { readonly prefix?: string; readonly shadowed?: boolean } = {},
): string {
  const assigner = createAssigner(experiment)
  const prefix = options.prefix ?? 'unit'
  for (let i = 0; i < 100_000; i += 1) {
    const id = `${prefix}-${i}`
    const assignment = assigner.assign(id)
    if (assignment.arm !== arm) continue
    if (options.shadowed === true && assignment.shadowArms.length === 0) continue
    return id
  }
  throw new Error(`no unit id in 100000 tries lands in arm ${arm}`)
}

/** A fake chat model that answers with its model id and records what was bound and asked. */
export class RecordingChatModel extends FakeListChatModel {
  readonly boundTools: unknown[][] = []
  readonly prompts: BaseMessage[][] = []

  constructor(readonly modelId: string) {
    super({ responses: [`served by ${modelId}`] })
  }

  override bindTools(
    tools: Parameters<FakeListChatModel['bindTools']>[0],
  ): ReturnType<FakeListChatModel['bindTools']> {
    this.boundTools.push([...tools])
    return this as unknown as ReturnType<FakeListChatModel['bindTools']>
  }

  override async _generate(
    messages: BaseMessage[],
    options?: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    this.prompts.push(messages)
    return super._generate(messages, options, runManager)
  }
}

/** A factory of `RecordingChatModel`s that remembers what it built, by model id. */
export interface RecordingFactory {
  readonly factory: ModelFactory
  readonly built: Map<string, RecordingChatModel>
  readonly calls: ModelRef[]
}

/** @returns A factory building one `RecordingChatModel` per call. */
export function recordingFactory(): RecordingFactory {
  const built = new Map<string, RecordingChatModel>()
  const calls: ModelRef[] = []
  return {
    built,
    calls,
    factory: (model) => {
      calls.push(model)
      const chatModel = new RecordingChatModel(model.id)
      built.set(model.id, chatModel)
      return chatModel
    },
  }
}

/** The text a `RecordingChatModel` of this model id answers. */
export function answerOf(modelId: string): string {
  return `served by ${modelId}`
}

/** A promise with its resolve function, to hold a fake model until the test lets it go. */
export interface Gate {
  readonly opened: Promise<void>
  open(): void
}

/** @returns A closed gate. */
export function createGate(): Gate {
  let open: () => void = () => undefined
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { opened, open }
}

/** A `RecordingChatModel` that waits at a gate before answering, or fails when told to. */
export class GatedChatModel extends RecordingChatModel {
  finished = 0

  constructor(
    modelId: string,
    readonly gate: Gate,
    readonly failWith?: Error,
  ) {
    super(modelId)
  }

  override async _generate(
    messages: BaseMessage[],
    options?: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    await this.gate.opened
    if (this.failWith !== undefined) throw this.failWith
    const result = await super._generate(messages, options, runManager)
    this.finished += 1
    return result
  }
}

/**
 * A failed candidate call as the handler reports it to observers: feed a kill switch a few to trip it.
 *
 * @param experiment - The experiment of the call.
 * @returns The call's outcome.
 */
export function failedCandidateCall(experiment: Experiment): CallOutcome {
  return {
    experiment: experiment.id,
    arm: 'candidate',
    servedArm: 'candidate',
    model: CANDIDATE_MODEL,
    latencyMs: 10,
    error: true,
    shadow: false,
  }
}
