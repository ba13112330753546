import { parseLikert } from '@llm-canary/core'
import { diag } from '@opentelemetry/api'
import { CanaryError } from '../errors.ts'
import { contentOf, roleOf, textOfContent } from '../handler/message-content.ts'
import { JUDGE_RUN_TAG } from '../handler/run-tags.ts'
import type { EvaluationInput, Evaluator } from './evaluation-types.ts'
import { isSampled } from './judge-sampling.ts'
import { appliesToAgent } from './match-evaluator-options.ts'

/** What a judge prompt is built from. */
export interface JudgeInput {
  /** The call's input messages as `role: text` lines. */
  readonly transcript: string
  /** The answer's text. */
  readonly answer: string
  /** The finished call. */
  readonly call: EvaluationInput
}

/**
 * The judge's model: a LangChain `BaseChatModel` (only `invoke` is used). The options the handler passes
 * tag the call so it gets no canary span, and detach it from any inherited callbacks.
 */
export interface JudgeModel {
  invoke(input: string, options: { tags: string[]; runName: string; callbacks: never[] }): Promise<unknown>
}

/** Options of `judgeEvaluator`. */
export interface JudgeEvaluatorOptions {
  /** The judge's own model, pinned: never the arm's model (it would grade itself). */
  readonly model: JudgeModel
  /** Share of calls judged, in [0, 1]. */
  readonly sampleRate: number
  /**
   * The judge prompt: a template with `{transcript}` and `{answer}`, or a function of the call.
   * Default: `DEFAULT_JUDGE_PROMPT`. It must ask for a 1–5 score.
   */
  readonly prompt?: string | ((input: JudgeInput) => string) | undefined
  /** Sampling seed: the same seed judges the same calls. Default `llm-canary-judge`. */
  readonly seed?: string | undefined
  /** Evaluation name. Default `judge`. */
  readonly name?: string | undefined
  /** Only judge calls made by these graph nodes. Default: every call. */
  readonly agents?: readonly string[] | undefined
}

/** The default judge prompt: a 1–5 Likert grade of correctness and helpfulness. */
export const DEFAULT_JUDGE_PROMPT = [
  'You grade the answer an AI assistant gave in the conversation below.',
  '',
  'Conversation:',
  '{transcript}',
  '',
  'Answer:',
  '{answer}',
  '',
  'Rate the answer for correctness and helpfulness on a scale of 1 (wrong or useless) to 5 (fully correct and helpful).',
  'Reply with "Score: N" and nothing else.',
].join('\n')

/**
 * An evaluator asking a judge model for a Likert score (1–5) on a reproducible sample of calls. The
 * answer is read with core `parseLikert`: an unreadable or ambiguous answer gives no score (never a
 * guess). The judge runs in the background, tagged so the handler gives its calls no span; its score
 * lands later as an `evaluate judge` span. Judge failures are logged, never thrown.
 *
 * @param options - Judge model, sample rate, prompt, seed, name, agents.
 * @returns The evaluator.
 * @throws {CanaryError} `INVALID_OPTION` when `sampleRate` is outside [0, 1].
 * @example
 * judgeEvaluator({ model: new ChatOpenAI({ model: 'gpt-4.1-mini', temperature: 0 }), sampleRate: 0.05 })
 */
export function judgeEvaluator(options: JudgeEvaluatorOptions): Evaluator {
  const { sampleRate } = options
  if (typeof sampleRate !== 'number' || !(sampleRate >= 0 && sampleRate <= 1)) {
    throw new CanaryError(
      'INVALID_OPTION',
      `judgeEvaluator sampleRate is ${String(sampleRate)}; pass the share of calls to judge, in [0, 1]`,
    )
  }
  const name = options.name ?? 'judge'
  const seed = options.seed ?? 'llm-canary-judge'
  return {
    name,
    evaluate(call) {
      if (!appliesToAgent(options.agents, call) || !isSampled(seed, call.runId, sampleRate)) return undefined
      return askJudge(options, call)
    },
  }
}

async function askJudge(options: JudgeEvaluatorOptions, call: EvaluationInput) {
  const input: JudgeInput = { transcript: toTranscript(call.messages), answer: call.outputText, call }
  const prompt = options.prompt ?? DEFAULT_JUDGE_PROMPT
  const text =
    typeof prompt === 'function'
      ? prompt(input)
      : prompt.replaceAll('{transcript}', () => input.transcript).replaceAll('{answer}', () => input.answer)
  const reply = await options.model.invoke(text, {
    tags: [JUDGE_RUN_TAG],
    runName: 'llm_canary_judge',
    callbacks: [],
  })
  const score = parseLikert(textOfContent(contentOf(reply)))
  if (score === null) {
    diag.debug(
      `llm-canary: the judge's answer for run ${call.runId} holds no readable 1-5 score; no score recorded`,
    )
    return undefined
  }
  return { score }
}

function toTranscript(messages: readonly unknown[]): string {
  return messages
    .map(
      (message) =>
        `${typeof message === 'string' ? 'user' : roleOf(message)}: ${textOfContent(contentOf(message))}`,
    )
    .join('\n')
}
