import type { VerdictStatus } from '@llm-canary/core'
import { describeSamplesNeeded } from '../report/report-facts.ts'
import { summarizeVerdict } from '../report/verdict-summary.ts'
import type { AnalysisReport } from '../types.ts'
import type { RolloutChange } from './rollout-change.ts'
import { describeArmChange } from './rollout-change.ts'

/**
 * What a gated step does to its pull request, whatever reports it (check run, commit status, comment):
 * - `pass` — the check succeeds;
 * - `regression` — the check fails: some guardrail is significantly beyond its tolerance;
 * - `needs-person` — the check fails "needs a person" until a writer adds the override label
 *   (a suspected regression, an SRM, the horizon reached undecided, or a model with no data behind it);
 * - `overridden` — that label was added by someone with write access: the check succeeds, naming them;
 * - `waiting` — undecided: the check stays in progress (pending) until a later run decides;
 * - `no-data-yet` — a new shadow: nothing to gate yet (neutral), never a pass;
 * - `backend-error` — the trace backend could not be read: failure or neutral by `on-backend-error`;
 * - `skipped` — no model reaches more units: nothing to gate;
 * - `not-run` — the gate could not run here (a fork's read-only run): reported, neutral.
 */
export type RolloutGateOutcome =
  | 'pass'
  | 'regression'
  | 'needs-person'
  | 'overridden'
  | 'waiting'
  | 'no-data-yet'
  | 'backend-error'
  | 'skipped'
  | 'not-run'

/** What to do when the trace backend cannot be read (the action's `on-backend-error`). */
export type BackendErrorPolicy = 'fail' | 'neutral'

/** The override label's state on the pull request. */
export interface OverrideState {
  /** The label's name (`canary:override`). */
  readonly label: string
  /** Who added it, when they have write access (the override counts). */
  readonly grantedBy?: string
  /** Who added it without write access (ignored, and said so), with their permission. */
  readonly ignored?: readonly { readonly login: string; readonly permission: string }[]
}

/** Inputs of `decideRolloutGate`. */
export interface RolloutGateInput {
  readonly change: RolloutChange
  /** The analysis of the base configuration's data, when the step was analysed. */
  readonly report?: AnalysisReport
  /** The trace backend could not be read: its description (no credentials) and why. */
  readonly backendError?: { readonly source: string; readonly reason: string }
  /** Default `fail`. */
  readonly onBackendError?: BackendErrorPolicy
  /** Default: the label `canary:override`, not added. */
  readonly override?: OverrideState
  /** Why the gate could not run here (a fork pull request's read-only run), when it could not. */
  readonly notRun?: string
}

/** The gate's decision on one experiment file's step. */
export interface RolloutGateDecision {
  readonly outcome: RolloutGateOutcome
  /** What the step contributes to the action's `verdict` output. No data is never `pass`. */
  readonly verdict: VerdictStatus | 'skipped'
  /** True when the job must fail: a regression, a person needed, a backend error under `fail`. */
  readonly blocking: boolean
  /** Conclusion-like state of the check: `success`, `failure`, `neutral`, `pending` or `skipped`. */
  readonly check: 'success' | 'failure' | 'neutral' | 'pending' | 'skipped'
  /** Why, in one plain-text line (raw names: escape for Markdown). */
  readonly reason: string
  /** `reason` behind the outcome's name (`FAIL: ...`), for a check title or a status description. */
  readonly title: string
}

/** The default override label. */
export const DEFAULT_OVERRIDE_LABEL = 'canary:override'

/**
 * Decides what a rollout step does to its pull request, from the step's need, the analysis, the
 * backend's state and the override label: the table in DESIGN "Action modes". No data is never a pass.
 *
 * @param input - The change, the report or the backend error, the policy and the override.
 * @returns The outcome, the verdict it contributes, whether it blocks, the check state and a title.
 * @example
 * decideRolloutGate({ change, report }).check // 'failure' for a fail
 */
export function decideRolloutGate(input: RolloutGateInput): RolloutGateDecision {
  const { change } = input
  if (change.need === 'none') {
    return decision('skipped', 'skipped', 'skipped', false, `${change.summary}; nothing to gate`)
  }
  if (input.notRun !== undefined) {
    return decision('not-run', 'inconclusive', 'neutral', false, input.notRun)
  }
  if (change.need === 'no-data-yet') {
    const shadows = change.changes.filter((c) => c.need === 'no-data-yet').map(describeArmChange)
    return decision(
      'no-data-yet',
      'inconclusive',
      'neutral',
      false,
      `${shadows.join('; ')}; nothing to gate until it has run`,
    )
  }
  if (change.need === 'unmeasured') {
    const unmeasured = change.changes.filter((c) => c.need === 'unmeasured').map(describeArmChange)
    return reviewOrOverride(input, `no data behind ${unmeasured.join('; ')}`)
  }
  if (input.backendError !== undefined) {
    const failing = (input.onBackendError ?? 'fail') === 'fail'
    return decision(
      'backend-error',
      'inconclusive',
      failing ? 'failure' : 'neutral',
      failing,
      `${input.backendError.source}: ${input.backendError.reason}`,
    )
  }
  const report = input.report
  if (report === undefined) {
    return decision('waiting', 'inconclusive', 'pending', false, 'not analysed yet')
  }
  const summary = summarizeVerdict(report)
  switch (report.verdict.status) {
    case 'pass':
      return summary.noData
        ? decision('waiting', 'inconclusive', 'pending', false, summary.reason)
        : decision('pass', 'pass', 'success', false, summary.reason)
    case 'fail':
      return decision('regression', 'fail', 'failure', true, summary.reason)
    case 'review':
      return reviewOrOverride(input, summary.reason)
    case 'inconclusive': {
      const needed = describeSamplesNeeded(report)
      return decision(
        'waiting',
        'inconclusive',
        'pending',
        false,
        needed === undefined ? summary.reason : `still needed ${needed}`,
      )
    }
  }
}

function reviewOrOverride(input: RolloutGateInput, reason: string): RolloutGateDecision {
  const by = input.override?.grantedBy
  const label = input.override?.label ?? DEFAULT_OVERRIDE_LABEL
  if (by !== undefined)
    return decision('overridden', 'review', 'success', false, `by @${by} (${label}); ${reason}`)
  const needsPerson = decision('needs-person', 'review', 'failure', true, reason)
  return { ...needsPerson, title: `${needsPerson.title}; a writer can add ${label}` }
}

function decision(
  outcome: RolloutGateOutcome,
  verdict: VerdictStatus | 'skipped',
  check: RolloutGateDecision['check'],
  blocking: boolean,
  reason: string,
): RolloutGateDecision {
  return { outcome, verdict, check, blocking, reason, title: `${OUTCOME_NAMES[outcome]}: ${reason}` }
}

const OUTCOME_NAMES: Readonly<Record<RolloutGateOutcome, string>> = {
  pass: 'PASS',
  regression: 'FAIL',
  'needs-person': 'Needs a person',
  overridden: 'Overridden',
  waiting: 'Waiting for data',
  'no-data-yet': 'No data yet',
  'backend-error': 'Trace backend unreadable',
  skipped: 'No model change',
  'not-run': 'Not run',
}

const VERDICT_RANK: Readonly<Record<VerdictStatus | 'skipped', number>> = {
  fail: 4,
  review: 3,
  inconclusive: 2,
  pass: 1,
  skipped: 0,
}

/**
 * The worst of several verdicts: `fail` > `review` > `inconclusive` > `pass` > `skipped`.
 *
 * @param verdicts - One per experiment.
 * @returns The worst, or `skipped` for none.
 */
export function worstVerdict(verdicts: readonly (VerdictStatus | 'skipped')[]): VerdictStatus | 'skipped' {
  return verdicts.reduce<VerdictStatus | 'skipped'>(
    (worst, verdict) => (VERDICT_RANK[verdict] > VERDICT_RANK[worst] ? verdict : worst),
    'skipped',
  )
}
