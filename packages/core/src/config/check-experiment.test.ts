import { describe, expect, it } from 'vitest'
import { formatIssuePath } from '../errors.ts'
import { experimentFile, issuesOf, messagesAt, warningsOf } from './experiment-file.fixture.ts'
import { parseExperiment } from './parse.ts'

describe('scope', () => {
  it('keeps the agents, and leaves scope undefined when absent', () => {
    const scoped = parseExperiment(experimentFile({ scope: { agents: ['extractor', 'summarizer'] } }))
    expect(scoped.ok && scoped.experiment.scopeAgents).toEqual(['extractor', 'summarizer'])
    const unscoped = parseExperiment(experimentFile())
    expect(unscoped.ok && unscoped.experiment.scopeAgents).toBeUndefined()
  })

  it('refuses each duplicate agent at its index', () => {
    const raw = experimentFile({ scope: { agents: ['a', 'b', 'a', 'b', 'a'] } })
    expect(issuesOf(raw).map((issue) => formatIssuePath(issue.path))).toEqual([
      'scope.agents[2]',
      'scope.agents[3]',
      'scope.agents[4]',
    ])
    expect(messagesAt(raw, 'scope.agents[3]')).toEqual([
      'agent "b" is listed twice (also at scope.agents[1]); remove the duplicate',
    ])
  })

  it.each([
    [
      { agents: [] },
      'scope.agents',
      'agents is an empty list; list at least 1, e.g. agents: [extractor, summarizer]',
    ],
    [{ agents: 'extractor' }, 'scope.agents', 'agents is the text "extractor"; it must be a list'],
    [{ agents: ['a', ''] }, 'scope.agents[1]', 'agents[1] is empty text; write a name'],
    [{}, 'scope.agents', 'agents is missing; add it, e.g. agents: [extractor, summarizer]'],
  ])('refuses scope %j', (scope, path, message) => {
    expect(messagesAt(experimentFile({ scope }), path)[0]).toContain(message)
  })

  it('is fine while no candidate has weight above 0', () => {
    const raw = experimentFile({
      arms: {
        control: { model: 'openai:gpt-4.1', weight: 100 },
        candidate: { model: 'openai:gpt-5', weight: 0, shadow: '5%' },
      },
      scope: { agents: ['extractor'] },
    })
    expect(parseExperiment(raw)).toMatchObject({ ok: true, warnings: [] })
  })
})

describe('guardrails', () => {
  it('keeps the written text of each tolerance, in catalogue order', () => {
    const guardrails = { accuracy: { max_decrease: '2pp' }, latency_p95_ms: { max_increase: '1.5s' } }
    const result = parseExperiment(experimentFile({ guardrails }))
    expect(result.ok && result.experiment.guardrails).toEqual([
      {
        metric: 'latency_p95_ms',
        bound: 'max_increase',
        tolerance: { kind: 'absolute', value: 1500, unit: 'ms', text: '1.5s' },
      },
      {
        metric: 'accuracy',
        bound: 'max_decrease',
        tolerance: { kind: 'absolute', value: 0.02, unit: 'pp', text: '2pp' },
      },
    ])
  })

  it('suggests the nearest known guardrail for an unknown one', () => {
    const [message] = messagesAt(
      experimentFile({ guardrails: { latency_p59_ms: { max_increase: '10%' } } }),
      'guardrails.latency_p59_ms',
    )
    expect(message).toMatch(
      /^unknown guardrail "latency_p59_ms"; did you mean latency_p95_ms\? known guardrails: latency_p50_ms, /,
    )
  })

  it('explains a bound that points the wrong way', () => {
    expect(
      messagesAt(
        experimentFile({ guardrails: { accuracy: { max_increase: '2pp' } } }),
        'guardrails.accuracy.max_increase',
      ),
    ).toEqual([
      'accuracy regresses when it decreases, so max_increase cannot guard it; use max_decrease (e.g. max_decrease: 2pp) or min (e.g. min: 0.90)',
    ])
  })

  it('suggests the nearest bound for a misspelt one', () => {
    const [message] = messagesAt(
      experimentFile({ guardrails: { error_rate: { max_increse: '1pp' } } }),
      'guardrails.error_rate.max_increse',
    )
    expect(message).toBe(
      'unknown key "max_increse"; did you mean max_increase? (bounds of error rate: max_increase, max)',
    )
  })

  it('takes exactly one bound', () => {
    const two = experimentFile({ guardrails: { citation_stability: { min: 0.9, max_decrease: '5pp' } } })
    expect(messagesAt(two, 'guardrails.citation_stability')).toEqual([
      'citation_stability sets min and max_decrease; a guardrail takes exactly one bound, so keep one',
    ])
    const none = experimentFile({ guardrails: { accuracy: {} } })
    expect(messagesAt(none, 'guardrails.accuracy')).toEqual([
      'accuracy has no bound; add one, e.g. accuracy: { max_decrease: 2pp }',
    ])
  })

  it('reports a tolerance in the wrong form with the forms that fit', () => {
    const raw = experimentFile({
      guardrails: { cost_per_run_usd: { max_increase: '150ms' }, judge_score: { max_decrease: 5 } },
    })
    expect(messagesAt(raw, 'guardrails.cost_per_run_usd.max_increase')).toEqual([
      '"150ms" does not fit cost_per_run_usd (max_increase); write 10% (relative to control) or $0.01 (US dollars)',
    ])
    expect(messagesAt(raw, 'guardrails.judge_score.max_decrease')[0]).toContain('"5" is more than 4 points')
  })

  it.each([undefined, {}])('warns when there are none (%j)', (guardrails) => {
    expect(warningsOf(experimentFile({ guardrails }))).toEqual([
      {
        path: ['guardrails'],
        message:
          'no guardrails: the gate can only check sample sizes and SRM; add some, e.g. guardrails: { error_rate: { max_increase: 1pp } }',
      },
    ])
    expect(parseExperiment(experimentFile({ guardrails })).ok).toBe(true)
  })

  it('refuses an empty (null) guardrail', () => {
    expect(
      messagesAt(experimentFile({ guardrails: { accuracy: null } }), 'guardrails.accuracy')[0],
    ).toContain('accuracy is empty; give it a value')
  })
})

describe('empty (null) values', () => {
  it('suggest removing the key only where the key may be left out', () => {
    expect(messagesAt(experimentFile({ guardrails: null }), 'guardrails')).toEqual([
      'guardrails is empty; give it a value or remove the key',
    ])
    expect(messagesAt(experimentFile({ experiment: null }), 'experiment')).toEqual([
      'experiment is empty; give it a value, e.g. experiment: support-triage-2026-05',
    ])
  })
})
