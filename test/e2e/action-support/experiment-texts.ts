import { E2eError } from '../../helpers/e2e-error.ts'

/** Where the example workflows look for the experiment (`experiment: deploy/experiment.yaml`). */
export const EXPERIMENT_PATH = 'deploy/experiment.yaml'

/**
 * An experiment file as a user keeps it, with the arms, guardrails and analysis of the action's fixture
 * experiment (packages/action/test/fixtures/experiment.yaml): control and candidate at 50/50.
 *
 * @param id - The experiment id (the check is `llm-canary / <id>`).
 */
export function experimentText(id = 'support-triage'): string {
  return [
    '# The support bot’s model rollout: a model bump is a change to this file.',
    `experiment: ${id}`,
    'arms:',
    '  control: { model: openai:gpt-4.1, weight: 50 }',
    '  candidate: { model: openai:gpt-5, weight: 50 }',
    'pricing:',
    '  openai:gpt-5: { input: 2, output: 8 }',
    'guardrails:',
    '  latency_p95_ms: { max_increase: 25% }',
    '  cost_per_run_usd: { max_increase: 25% }',
    '  error_rate: { max_increase: 5pp }',
    'analysis: { min_units_per_arm: 100, max_units_per_arm: 1200 }',
    '',
  ].join('\n')
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new E2eError('FAKE_SETUP', `the experiment text has no "${from}" to edit`)
  return text.replace(from, to)
}

/** The candidate's canary ramp: its weight raised from 50 to `weight` (control gets the rest). */
export function rampCandidate(text: string, weight: number): string {
  const edited = replaceOnce(
    text,
    'control: { model: openai:gpt-4.1, weight: 50 }',
    `control: { model: openai:gpt-4.1, weight: ${100 - weight} }`,
  )
  return replaceOnce(
    edited,
    'candidate: { model: openai:gpt-5, weight: 50 }',
    `candidate: { model: openai:gpt-5, weight: ${weight} }`,
  )
}

/** A guardrail-only edit: no model reaches more units. */
export function loosenLatencyGuardrail(text: string): string {
  return replaceOnce(text, 'latency_p95_ms: { max_increase: 25% }', 'latency_p95_ms: { max_increase: 30% }')
}

/** A new shadow candidate: weight 0, 5% of control sessions mirrored to it. */
export function addShadow(text: string): string {
  return replaceOnce(
    text,
    '  candidate: { model: openai:gpt-5, weight: 50 }\n',
    '  candidate: { model: openai:gpt-5, weight: 50 }\n  shadowed: { model: anthropic:claude-4-opus, weight: 0, shadow: 5% }\n',
  )
}

/** The 1-based line of the first line containing `needle` (where an annotation should point). */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle))
  if (index < 0) throw new E2eError('FAKE_SETUP', `the experiment text has no line with "${needle}"`)
  return index + 1
}
