import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatIssuePath } from '../errors.ts'
import type { Experiment } from '../types.ts'
import { experimentFile, issuesOf } from './experiment-file.fixture.ts'
import { loadExperiment, parseExperiment } from './parse.ts'

function readExample(name: string): unknown {
  const url = new URL(`../../test/vectors/experiments/${name}.json`, import.meta.url)
  return JSON.parse(readFileSync(url, 'utf8'))
}

/** The experiment as the loader returns it: `control` and `candidates` are views of `arms`. */
function loaded(experiment: Omit<Experiment, 'control' | 'candidates'>): Experiment {
  const [control, ...candidates] = experiment.arms
  if (control === undefined) throw new Error('a loaded experiment starts with its control arm')
  return { ...experiment, control, candidates }
}

const BASIC: Experiment = loaded({
  id: 'support-triage-2026-05',
  salt: 'support-triage-2026-05',
  unit: 'session',
  hashVersion: 1,
  arms: [
    {
      name: 'control',
      model: { id: 'openai:gpt-4.1', provider: 'openai', name: 'gpt-4.1' },
      weight: 80,
      weightBasisPoints: 8000,
      shadow: 0,
      isControl: true,
      slot: -1,
    },
    {
      name: 'candidate',
      model: { id: 'openai:gpt-5', provider: 'openai', name: 'gpt-5' },
      weight: 20,
      weightBasisPoints: 2000,
      shadow: 0.05,
      isControl: false,
      slot: 0,
    },
  ],
  scopeAgents: ['extractor', 'summarizer'],
  pricing: {
    'openai:gpt-5': { inputPerMTokUsd: 10, outputPerMTokUsd: 40 },
    'anthropic:claude-4-opus': { inputPerMTokUsd: 15, outputPerMTokUsd: 75 },
  },
  guardrails: [
    {
      metric: 'latency_p95_ms',
      bound: 'max_increase',
      tolerance: { kind: 'relative', value: 0.1, text: '10%' },
    },
    {
      metric: 'ttft_p95_ms',
      bound: 'max_increase',
      tolerance: { kind: 'relative', value: 0.15, text: '15%' },
    },
    {
      metric: 'cost_per_run_usd',
      bound: 'max_increase',
      tolerance: { kind: 'relative', value: 0.2, text: '20%' },
    },
    {
      metric: 'error_rate',
      bound: 'max_increase',
      tolerance: { kind: 'absolute', value: 0.01, unit: 'pp', text: '1pp' },
    },
    {
      metric: 'accuracy',
      bound: 'max_decrease',
      tolerance: { kind: 'absolute', value: 0.02, unit: 'pp', text: '2pp' },
    },
    { metric: 'citation_stability', bound: 'min', tolerance: { kind: 'threshold', value: 0.9, text: '0.9' } },
  ],
  analysis: {
    alpha: 0.05,
    power: 0.8,
    method: 'sequential',
    failRule: 'bound',
    minUnitsPerArm: 100,
    horizonDays: 14,
    maxUnitsPerArm: undefined,
  },
})

const THREE_ARMS: Experiment = loaded({
  id: 'research-assistant.v2',
  salt: 'research-assistant-2026',
  unit: 'user',
  hashVersion: 1,
  arms: [
    {
      name: 'control',
      model: { id: 'anthropic:claude-sonnet-4', provider: 'anthropic', name: 'claude-sonnet-4' },
      weight: 69.5,
      weightBasisPoints: 6950,
      shadow: 0,
      isControl: true,
      slot: -1,
    },
    {
      name: 'gpt5',
      model: { id: 'openai:gpt-5', provider: 'openai', name: 'gpt-5' },
      weight: 20.25,
      weightBasisPoints: 2025,
      shadow: 0.025,
      isControl: false,
      slot: 1,
    },
    {
      name: 'gemini',
      model: { id: 'google:gemini-2.5-pro', provider: 'google', name: 'gemini-2.5-pro' },
      weight: 10.25,
      weightBasisPoints: 1025,
      shadow: 0,
      isControl: false,
      slot: 0,
    },
  ],
  scopeAgents: ['planner', 'writer'],
  pricing: {
    'openai:gpt-5': { inputPerMTokUsd: 1.25, outputPerMTokUsd: 10, cacheReadPerMTokUsd: 0.125 },
    'google:gemini-2.5-pro': {
      inputPerMTokUsd: 1.25,
      outputPerMTokUsd: 10,
      cacheReadPerMTokUsd: 0.31,
      cacheWritePerMTokUsd: 1.625,
      reasoningPerMTokUsd: 10,
    },
  },
  guardrails: [
    {
      metric: 'latency_p99_ms',
      bound: 'max_increase',
      tolerance: { kind: 'absolute', value: 1500, unit: 'ms', text: '1.5s' },
    },
    {
      metric: 'ttft_p50_ms',
      bound: 'max_increase',
      tolerance: { kind: 'absolute', value: 150, unit: 'ms', text: '150ms' },
    },
    {
      metric: 'cost_per_call_usd',
      bound: 'max_increase',
      tolerance: { kind: 'absolute', value: 0.002, unit: 'usd', text: '$0.002' },
    },
    { metric: 'run_failure_rate', bound: 'max', tolerance: { kind: 'threshold', value: 0.05, text: '0.05' } },
    { metric: 'accuracy', bound: 'min', tolerance: { kind: 'threshold', value: 0.85, text: '85%' } },
    {
      metric: 'judge_score',
      bound: 'max_decrease',
      tolerance: { kind: 'absolute', value: 0.25, unit: 'points', text: '0.25' },
    },
    {
      metric: 'citation_stability',
      bound: 'max_decrease',
      tolerance: { kind: 'absolute', value: 0.05, unit: 'pp', text: '5pp' },
    },
  ],
  analysis: {
    alpha: 0.1,
    power: 0.9,
    method: 'fixed',
    failRule: 'bound',
    minUnitsPerArm: 250,
    horizonDays: 7.5,
    maxUnitsPerArm: 5000,
  },
})

describe('parseExperiment on the example files', () => {
  it.each([
    ['valid-basic', BASIC],
    ['valid-three-arms', THREE_ARMS],
  ] as const)('normalises %s', (name, expected) => {
    expect(parseExperiment(readExample(name))).toEqual({ ok: true, experiment: expected, warnings: [] })
  })

  // Each problem of broken-many.yaml, by path, with a piece of the message that says what to do.
  const BROKEN: readonly (readonly [path: string, fragment: string])[] = [
    ['experiment', 'e.g. support-triage'],
    ['unit', 'did you mean session?'],
    ['arms.control.shadow', 'control cannot have shadow'],
    ['arms.Candidate.model', '"gpt-5" has no provider; write provider:model, e.g. openai:gpt-5'],
    ['arms.claude.wieght', 'did you mean weight?'],
    ['arms.Candidate', 'did you mean candidate?'],
    [
      'arms',
      'arm weights sum to 95 (control 70 + Candidate 20 + claude 5), not 100; add 5 in total, e.g. control: 75',
    ],
    ['scope.agents[2]', '"extractor" is listed twice'],
    ['pricing.gpt-5.output', 'output is missing'],
    ['pricing.gpt-5', 'pricing is keyed by model id'],
    ['guardrails.latency_p59_ms', 'did you mean latency_p95_ms?'],
    ['guardrails.accuracy.max_increase', 'accuracy regresses when it decreases'],
    ['guardrails.cost_per_run_usd.max_increase', '"150ms" does not fit cost_per_run_usd'],
    ['guardrails.error_rate.max_increase', '"-1pp" is negative'],
    ['analysis.alpha', 'alpha is 0.6; it must be at most 0.5'],
    ['analysis.method', 'use one of sequential, open_ended, fixed'],
    ['analysis.fail_rule', 'fail_rule is the text "strict"; use bound or estimate'],
  ]

  it('reports every problem of broken-many at once, each at its path', () => {
    const issues = issuesOf(readExample('broken-many'))
    expect(issues.map((issue) => formatIssuePath(issue.path)).sort()).toEqual(
      BROKEN.map(([path]) => path).sort(),
    )
    for (const [path, fragment] of BROKEN) {
      const messages = issues
        .filter((issue) => formatIssuePath(issue.path) === path)
        .map((issue) => issue.message)
      expect(messages.join('\n'), path).toContain(fragment)
    }
  })

  it('lists the problems section by section, in the order a file is written', () => {
    const sections = issuesOf(readExample('broken-many')).map((issue) => String(issue.path[0]))
    const order = ['experiment', 'unit', 'arms', 'scope', 'pricing', 'guardrails', 'analysis']
    const ranks = sections.map((section) => order.indexOf(section))
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
  })

  it('still returns the warnings of a broken file', () => {
    const result = parseExperiment(readExample('broken-many'))
    expect(result.warnings.map((warning) => formatIssuePath(warning.path))).toEqual(['arms'])
  })
})

describe('parseExperiment on anything that is not a mapping', () => {
  it.each([
    [null, 'empty (null)'],
    ['experiment: x', 'the text "experiment: x"'],
    [[1, 2], 'a list'],
    [42, 'the number 42'],
  ] as const)('refuses %j at the root', (raw, shown) => {
    expect(issuesOf(raw)).toEqual([
      {
        path: [],
        message: `the experiment file is ${shown}; it must be a mapping with at least experiment: and arms:`,
      },
    ])
  })
})

describe('loadExperiment', () => {
  it('returns the normalised experiment of a valid file', () => {
    expect(loadExperiment(readExample('valid-basic'))).toEqual(BASIC)
  })

  it('throws CONFIG_INVALID with every issue, listed in the message', () => {
    const raw = experimentFile({ unit: 'sessions', analysis: { alpha: 0 } })
    let thrown: unknown
    try {
      loadExperiment(raw)
    } catch (err) {
      thrown = err
    }
    expect(thrown).toMatchObject({ name: 'CoreError', code: 'CONFIG_INVALID' })
    const error = thrown as { message: string; issues: readonly { path: readonly (string | number)[] }[] }
    expect(error.issues.map((issue) => formatIssuePath(issue.path))).toEqual(['unit', 'analysis.alpha'])
    expect(error.message).toContain('the experiment file has 2 problems')
    expect(error.message).toContain('\n  unit: unit is the text "sessions"')
    expect(error.message).toContain('\n  analysis.alpha: alpha is 0; it must be greater than 0')
  })
})

describe('weights', () => {
  it('accepts any split of 100 in steps of 0.01, and the basis points sum to 10000', () => {
    const cuts = fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 6 })
    fc.assert(
      fc.property(cuts, (raw) => {
        const sorted = [...raw].sort((a, b) => a - b)
        const basisPoints = [...sorted, 10_000].map((cut, i) => cut - (i === 0 ? 0 : (sorted[i - 1] ?? 0)))
        const names = basisPoints.map((_, i) => (i === 0 ? 'control' : `candidate-${i}`))
        const arms = Object.fromEntries(
          names.map((name, i) => [name, { model: `openai:model-${i}`, weight: (basisPoints[i] ?? 0) / 100 }]),
        )
        const result = parseExperiment(experimentFile({ arms }))
        expect(result.ok).toBe(true)
        const parsed = result.ok ? result.experiment.arms : []
        expect(parsed.map((arm) => arm.weightBasisPoints)).toEqual(basisPoints)
        expect(parsed.reduce((sum, arm) => sum + arm.weightBasisPoints, 0)).toBe(10_000)
      }),
    )
  })
})
