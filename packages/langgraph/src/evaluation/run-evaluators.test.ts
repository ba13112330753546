import { diag } from '@opentelemetry/api'
import { afterEach, describe, expect, it } from 'vitest'
import { captureDiagErrors, runEvaluatedGraph } from './evaluation.fixture.ts'
import type { EvaluationInput, EvaluationResult, Evaluator } from './evaluation-types.ts'
import { exactMatchEvaluator } from './exact-match-evaluator.ts'
import { runEvaluators } from './run-evaluators.ts'

const INPUT: EvaluationInput = {
  runId: 'r',
  agent: 'a',
  unitArm: undefined,
  servedArm: undefined,
  shadow: false,
  messages: [],
  output: undefined,
  outputText: 'x',
  state: undefined,
}

afterEach(() => {
  diag.disable()
})

describe('runEvaluators', () => {
  it('returns synchronous scores now and sends promised ones to recordLate', async () => {
    const late: EvaluationResult[] = []
    const pending: Promise<void>[] = []
    const evaluators: Evaluator[] = [
      { name: 'now', evaluate: () => ({ score: 1 }) },
      { name: 'later', evaluate: () => Promise.resolve({ score: 0.5, label: 'half' }) },
      { name: 'none', evaluate: () => undefined },
    ]
    const now = runEvaluators(evaluators, INPUT, {
      recordLate: (r) => late.push(r),
      track: (p) => pending.push(p),
    })
    expect(now).toEqual([{ name: 'now', score: 1 }])
    expect(pending).toHaveLength(1)
    await Promise.all(pending)
    expect(late).toEqual([{ name: 'later', score: 0.5, label: 'half' }])
  })

  it('logs evaluators that throw or reject, and keeps the others', async () => {
    const errors = captureDiagErrors()
    const broken: Evaluator = {
      name: 'broken',
      evaluate() {
        throw new Error('bug')
      },
    }
    const rejecting: Evaluator = { name: 'rejecting', evaluate: () => Promise.reject(new Error('bug')) }
    const working = exactMatchEvaluator({ reference: () => 'x' })
    const { tracing, handler } = await runEvaluatedGraph([broken, rejecting, working], 'x', undefined)
    expect(tracing.one('chat').events).toHaveLength(1)
    expect(errors.some((message) => message.includes('"broken" threw'))).toBe(true)
    expect(errors.some((message) => message.includes('"rejecting" failed'))).toBe(true)
    expect(handler.openRunCount()).toBe(0)
  })
})
