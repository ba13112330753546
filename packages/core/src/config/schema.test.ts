import { describe, expect, it } from 'vitest'
import { experimentFile, messagesAt } from './experiment-file.fixture.ts'
import { parseExperiment } from './parse.ts'
import { experimentFileSchema } from './schema.ts'

function parsedOrThrow(raw: unknown) {
  const result = parseExperiment(raw)
  if (!result.ok) throw new Error(`expected a valid file, got ${JSON.stringify(result.issues)}`)
  return result.experiment
}

describe('experiment id', () => {
  it.each(['a', 'A.b_c-1', 'support-triage-2026-05', `x${'y'.repeat(127)}`])('accepts %j', (id) => {
    expect(parsedOrThrow(experimentFile({ experiment: id })).id).toBe(id)
  })

  it.each([
    ['support triage', 'e.g. support-triage)'],
    ['-x', 'starting with a letter or digit'],
    [`x${'y'.repeat(128)}`, 'at most 128 characters'],
    ['', 'is not allowed'],
  ])('refuses %j', (id, fragment) => {
    const [message] = messagesAt(experimentFile({ experiment: id }), 'experiment')
    expect(message).toContain('experiment id')
    expect(message).toContain(fragment)
  })

  it('asks to quote an id that YAML read as a number', () => {
    expect(messagesAt(experimentFile({ experiment: 2026 }), 'experiment')).toEqual([
      'experiment is the number 2026; quote it to make it text: experiment: "2026"',
    ])
  })

  it('is required', () => {
    expect(messagesAt(experimentFile({ experiment: undefined }), 'experiment')).toEqual([
      'experiment is missing; add it, e.g. experiment: support-triage-2026-05',
    ])
  })
})

describe('unit, salt and hash_version', () => {
  it('default to session, the experiment id and 1', () => {
    const experiment = parsedOrThrow(experimentFile())
    expect([experiment.unit, experiment.salt, experiment.hashVersion]).toEqual([
      'session',
      'checkout-assistant',
      1,
    ])
  })

  it.each(['session', 'user', 'thread'] as const)('accepts unit %s', (unit) => {
    expect(parsedOrThrow(experimentFile({ unit })).unit).toBe(unit)
  })

  it('suggests the nearest unit', () => {
    expect(messagesAt(experimentFile({ unit: 'users' }), 'unit')).toEqual([
      'unit is the text "users"; use one of session, user, thread (did you mean user?)',
    ])
  })

  it('keeps an explicit salt and refuses an empty one', () => {
    expect(parsedOrThrow(experimentFile({ salt: 'fresh-2026' })).salt).toBe('fresh-2026')
    expect(messagesAt(experimentFile({ salt: '' }), 'salt')).toEqual(['salt is empty text; write a name'])
  })

  it('refuses a hash version this release does not implement', () => {
    expect(messagesAt(experimentFile({ hash_version: 2 }), 'hash_version')).toEqual([
      'hash_version is the number 2; this release implements hash version 1 only: write hash_version: 1 or remove the key',
    ])
  })
})

describe('model ids in arms', () => {
  it('show the value and an example', () => {
    const raw = experimentFile({
      arms: { control: { model: 'gpt-4.1', weight: 90 }, candidate: { model: 'OpenAI:gpt-5', weight: 10 } },
    })
    expect(messagesAt(raw, 'arms.control.model')).toEqual([
      'model id "gpt-4.1" has no provider; write provider:model, e.g. openai:gpt-5',
    ])
    expect(messagesAt(raw, 'arms.candidate.model')[0]).toContain('did you mean openai:gpt-5?')
  })

  it('split into provider and name', () => {
    const [control] = parsedOrThrow(experimentFile()).arms
    expect(control?.model).toEqual({ id: 'openai:gpt-4.1', provider: 'openai', name: 'gpt-4.1' })
  })
})

describe('analysis', () => {
  it('fills the defaults', () => {
    expect(parsedOrThrow(experimentFile()).analysis).toEqual({
      alpha: 0.05,
      power: 0.8,
      method: 'sequential',
      failRule: 'bound',
      minUnitsPerArm: 100,
      horizonDays: 14,
    })
  })

  it.each([
    [{ alpha: 0.5 }, { alpha: 0.5 }],
    [
      { power: 0.99, method: 'fixed' },
      { power: 0.99, method: 'fixed' },
    ],
    [
      { min_units_per_arm: 2, horizon_days: 0.5 },
      { minUnitsPerArm: 2, horizonDays: 0.5 },
    ],
    [{ max_units_per_arm: 100 }, {}],
    [{ fail_rule: 'bound' }, { failRule: 'bound' }],
    [
      { fail_rule: 'estimate', method: 'fixed' },
      { failRule: 'estimate', method: 'fixed' },
    ],
  ])('accepts %j', (analysis, expected) => {
    expect(parsedOrThrow(experimentFile({ analysis })).analysis).toMatchObject(expected)
  })

  it.each([
    ['alpha', 0, 'alpha is 0; it must be greater than 0'],
    ['alpha', 0.51, 'alpha is 0.51; it must be at most 0.5'],
    ['power', 0, 'power is 0; it must be greater than 0'],
    ['power', 1, 'power is 1; it must be less than 1'],
    ['method', 'bayesian', 'method is the text "bayesian"; use one of sequential, open_ended, fixed'],
    [
      'method',
      'Fixed',
      'method is the text "Fixed"; use one of sequential, open_ended, fixed (did you mean fixed?)',
    ],
    [
      'fail_rule',
      'strict',
      'fail_rule is the text "strict"; use bound or estimate. bound (the default) fails only a guardrail significantly worse than its tolerance; estimate also fails one significantly worse than control whose estimate is beyond the tolerance',
    ],
    ['min_units_per_arm', 1, 'min_units_per_arm is 1; it must be at least 2'],
    ['min_units_per_arm', 2.5, 'min_units_per_arm is 2.5; it must be a whole number'],
    [
      'min_units_per_arm',
      '100',
      'min_units_per_arm is the text "100"; write the number without quotes: min_units_per_arm: 100',
    ],
    ['max_units_per_arm', 0, 'max_units_per_arm is 0; it must be at least 1'],
    ['max_units_per_arm', 1.5, 'max_units_per_arm is 1.5; it must be a whole number'],
    ['horizon_days', 0, 'horizon_days is 0; it must be greater than 0'],
    [
      'powr',
      0.9,
      'unknown key "powr"; did you mean power? (allowed here: alpha, power, method, fail_rule, min_units_per_arm, max_units_per_arm, horizon_days)',
    ],
  ])('refuses %s: %j', (key, value, message) => {
    expect(messagesAt(experimentFile({ analysis: { [key]: value } }), `analysis.${key}`)).toEqual([message])
  })

  it.each([
    ['Bound', 'use bound or estimate (did you mean bound?)'],
    [null, 'fail_rule is empty (null); use bound or estimate'],
    [1, 'fail_rule is the number 1; use bound or estimate'],
  ])('refuses fail_rule %j and names both rules', (value, fragment) => {
    const [message] = messagesAt(experimentFile({ analysis: { fail_rule: value } }), 'analysis.fail_rule')
    expect(message).toContain(fragment)
    expect(message).toMatch(/bound \(the default\) fails only .*; estimate also fails/)
  })

  it('points a misspelt fail_rule key to the right one', () => {
    expect(messagesAt(experimentFile({ analysis: { failrule: 'bound' } }), 'analysis.failrule')[0]).toMatch(
      /did you mean fail_rule\?/,
    )
  })

  it('refuses a unit cap below the minimum a pass needs', () => {
    expect(
      messagesAt(experimentFile({ analysis: { max_units_per_arm: 50 } }), 'analysis.max_units_per_arm'),
    ).toEqual([
      'max_units_per_arm is 50, below min_units_per_arm 100, so a pass could never be reached; raise it to at least 100',
    ])
  })
})

describe('pricing', () => {
  it('normalises prices, keeping only the optional prices given', () => {
    const pricing = {
      'openai:gpt-5': { input: 1.25, output: 10, reasoning: 12 },
      'openai:o3': { input: 0, output: 0 },
    }
    expect(parsedOrThrow(experimentFile({ pricing })).pricing).toEqual({
      'openai:gpt-5': { inputPerMTokUsd: 1.25, outputPerMTokUsd: 10, reasoningPerMTokUsd: 12 },
      'openai:o3': { inputPerMTokUsd: 0, outputPerMTokUsd: 0 },
    })
  })

  it.each([
    [{ input: -1, output: 2 }, 'pricing.openai:gpt-5.input', 'input is -1; it must be at least 0'],
    [{ input: 1 }, 'pricing.openai:gpt-5.output', 'output is missing; add it, e.g. output: 10'],
    [
      { input: 1, output: Number.POSITIVE_INFINITY },
      'pricing.openai:gpt-5.output',
      'output is Infinity; it must be a finite number',
    ],
    [
      { input: 1, output: 2, cache_read: '0.1' },
      'pricing.openai:gpt-5.cache_read',
      'cache_read is the text "0.1"; write the number without quotes: cache_read: 0.1',
    ],
    [
      { input: 1, ouput: 2, output: 2 },
      'pricing.openai:gpt-5.ouput',
      'unknown key "ouput"; did you mean output?',
    ],
  ])('refuses %j', (price, path, message) => {
    expect(messagesAt(experimentFile({ pricing: { 'openai:gpt-5': price } }), path)[0]).toContain(message)
  })

  it('refuses keys that are not model ids, and still checks their prices', () => {
    const raw = experimentFile({ pricing: { 'gpt-5': { input: -1, output: 2 } } })
    expect(messagesAt(raw, 'pricing.gpt-5')).toEqual([
      'pricing is keyed by model id, but model id "gpt-5" has no provider; write provider:model, e.g. openai:gpt-5',
    ])
    expect(messagesAt(raw, 'pricing.gpt-5.input')).toEqual(['input is -1; it must be at least 0'])
  })
})

describe('unknown keys', () => {
  it.each([
    [{ guardrail: {} }, 'guardrail', 'did you mean guardrails?'],
    [{ scope: { agent: ['a'] } }, 'scope.agent', 'did you mean agents?'],
    [{ owner: 'team-a' }, 'owner', 'remove it or fix the spelling'],
  ])('are errors with the nearest allowed key (%#)', (overrides, path, fragment) => {
    const [message] = messagesAt(experimentFile(overrides), path)
    expect(message).toContain('unknown key')
    expect(message).toContain(fragment)
  })
})

describe('experimentFileSchema', () => {
  it('accepts the raw file on its own and fills defaults', () => {
    const parsed = experimentFileSchema.parse(experimentFile())
    expect([parsed.unit, parsed.hash_version, parsed.pricing, parsed.analysis.alpha]).toEqual([
      'session',
      1,
      {},
      0.05,
    ])
  })
})
