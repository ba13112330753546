import type { BaseMessage } from '@langchain/core/messages'
import { FakeListChatModel } from '@langchain/core/utils/testing'
import { ATTR_GEN_AI_EVALUATION_SCORE_VALUE } from '@llm-canary/core'
import { diag } from '@opentelemetry/api'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestTracing, makeExperiment } from '../handler/handler.fixture.ts'
import { LlmCanaryHandler } from '../handler/llm-canary-handler.ts'
import { captureDiagErrors, runEvaluatedGraph } from './evaluation.fixture.ts'
import { judgeEvaluator } from './judge-evaluator.ts'

afterEach(() => {
  diag.disable()
})

describe('judgeEvaluator', () => {
  it('records the judge score later as an evaluate span; the judge call itself gets no span', async () => {
    const tracing = createTestTracing()
    const judgeCallbacks: LlmCanaryHandler[] = []
    // The judge model carries the handler too: its calls must still not become canary spans.
    const judgeModel = new FakeListChatModel({ responses: ['**Rating:** 4/5'], callbacks: judgeCallbacks })
    const prompts: string[] = []
    const judge = judgeEvaluator({
      model: {
        invoke: (input: string, options: object): Promise<BaseMessage> => {
          prompts.push(input)
          return judgeModel.invoke(input, options)
        },
      },
      sampleRate: 1,
    })
    const handler = new LlmCanaryHandler({
      experiment: makeExperiment(),
      hashKey: 'k',
      tracer: tracing.provider.getTracer('t'),
      evaluators: [judge],
    })
    judgeCallbacks.push(handler)
    await new FakeListChatModel({ responses: ['Paris'] }).invoke('capital of France?', {
      callbacks: [handler],
    })
    await handler.flushEvaluations()

    expect(prompts).toHaveLength(1)
    expect(prompts[0]).toContain('user: capital of France?')
    expect(prompts[0]).toContain('Paris')
    expect(
      tracing
        .spans()
        .map((span) => span.name)
        .sort(),
    ).toEqual(['chat', 'evaluate judge'])
    const evaluation = tracing.one('evaluate judge')
    expect(evaluation.attributes[ATTR_GEN_AI_EVALUATION_SCORE_VALUE]).toBe(4)
    expect(evaluation.parentSpanContext?.spanId).toBe(tracing.one('chat').spanContext().spanId)
    expect(handler.openRunCount()).toBe(0)
  })

  it('fills a template prompt and accepts a prompt function', async () => {
    const seen: string[] = []
    const model = {
      invoke: (input: string): Promise<BaseMessage> => {
        seen.push(input)
        return new FakeListChatModel({ responses: ['5'] }).invoke(input)
      },
    }
    await runEvaluatedGraph(
      [
        judgeEvaluator({ model, sampleRate: 1, prompt: 'Q={transcript} A={answer} $&', name: 'j1' }),
        judgeEvaluator({ model, sampleRate: 1, prompt: ({ answer }) => `grade ${answer}`, name: 'j2' }),
      ],
      'the answer',
      undefined,
    )
    expect(seen.sort()).toEqual(['Q=user: extract A=the answer $&', 'grade the answer'])
  })

  it('records no score for an unreadable answer, and logs a failing judge', async () => {
    const unreadable = judgeEvaluator({
      model: new FakeListChatModel({ responses: ['Somewhere between 3 and 4.'] }),
      sampleRate: 1,
    })
    const { tracing } = await runEvaluatedGraph([unreadable], 'x', undefined)
    expect(tracing.named('evaluate judge')).toHaveLength(0)

    const errors = captureDiagErrors()
    const failing = judgeEvaluator({
      model: { invoke: () => Promise.reject(new Error('judge down')) },
      sampleRate: 1,
    })
    const failed = await runEvaluatedGraph([failing], 'x', undefined)
    expect(failed.tracing.named('evaluate judge')).toHaveLength(0)
    expect(errors.some((message) => message.includes('"judge" failed'))).toBe(true)
  })

  it('judges nothing at sample rate 0 and rejects a rate outside [0, 1]', async () => {
    let calls = 0
    const judge = judgeEvaluator({
      model: {
        invoke: () => {
          calls++
          return new FakeListChatModel({ responses: ['Score: 5'] }).invoke('x')
        },
      },
      sampleRate: 0,
    })
    await runEvaluatedGraph([judge], 'x', undefined)
    expect(calls).toBe(0)
    expect(() =>
      judgeEvaluator({ model: { invoke: () => Promise.reject(new Error()) }, sampleRate: 1.5 }),
    ).toThrow(/sampleRate is 1.5/)
  })
})
