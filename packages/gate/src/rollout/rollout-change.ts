import type { Arm, Experiment } from '@llm-canary/core'
import { findArm } from '@llm-canary/core'

/**
 * Where a change to an experiment file sits in the rollout lifecycle (docs: DESIGN "Rollout lifecycle"):
 * - `shadow-added`: a candidate model appears with `weight: 0` and a `shadow` share; no user sees it.
 * - `canary-ramp`: a candidate's weight goes up (from a shadow, or from an earlier canary step).
 * - `promotion`: a candidate becomes the control, or gets 100% of the units.
 * - `model-swapped`: an arm keeps its name but gets another model id (control included).
 * - `candidate-removed`: a candidate arm disappears (the rollout is abandoned or finished).
 * - `ramp-down`: a candidate's weight goes down; less exposure, nothing to gate.
 * - `no-model-change`: no model reaches more units (guardrails, pricing, shadow share, scope ...).
 */
export type RolloutStepKind =
  | 'shadow-added'
  | 'canary-ramp'
  | 'promotion'
  | 'model-swapped'
  | 'candidate-removed'
  | 'ramp-down'
  | 'no-model-change'

/**
 * What the step asks of the gate:
 * - `analyze`: judge the base configuration's data (a canary ramp or a promotion with data behind it);
 * - `unmeasured`: users would get a model that has no data behind it (a swap, or a candidate started
 *   straight at a weight): a person decides;
 * - `no-data-yet`: a new shadow; nothing can be gated until it has run;
 * - `none`: nothing reaches more users (removal, ramp-down, no model change): skipped.
 */
export type RolloutGateNeed = 'analyze' | 'unmeasured' | 'no-data-yet' | 'none'

/** One arm's model, weight (percent) and shadow share (0–1). */
export interface ArmSetting {
  readonly model: string
  readonly weight: number
  readonly shadow: number
}

/** The change of one arm between the base and the head of a pull request. */
export interface ArmChange {
  readonly kind: RolloutStepKind
  /** The arm's name at the head (at the base for a removal). */
  readonly arm: string
  /** The arm's setting at the base; absent for an arm the head adds. */
  readonly before?: ArmSetting
  /** The arm's setting at the head; absent for an arm the head removes. */
  readonly after?: ArmSetting
  readonly need: RolloutGateNeed
}

/** The change an experiment file's pull request makes, classified along the rollout lifecycle. */
export interface RolloutChange {
  /** The step of the riskiest arm change; `no-model-change` when no arm changed. */
  readonly kind: RolloutStepKind
  /** The strongest need of the arm changes (`analyze` > `unmeasured` ... see `RolloutGateNeed`). */
  readonly need: RolloutGateNeed
  /** The experiment id: the head's, else the base's. */
  readonly experiment: string
  /** Every arm whose model, weight or presence changed, control first. */
  readonly changes: readonly ArmChange[]
  /** One plain-text line (raw names: escape it for Markdown), e.g. `canary ramp: candidate openai:gpt-5 5% → 20%`. */
  readonly summary: string
}

/** Arm-change kinds, riskiest first: the file's step is the first kind present. */
const KIND_ORDER: readonly RolloutStepKind[] = [
  'model-swapped',
  'promotion',
  'canary-ramp',
  'shadow-added',
  'candidate-removed',
  'ramp-down',
  'no-model-change',
]

/** Needs, strongest first. An unmeasured exposure outranks an analysis: a person decides either way. */
const NEED_ORDER: readonly RolloutGateNeed[] = ['unmeasured', 'analyze', 'no-data-yet', 'none']

/**
 * Classifies the change a pull request makes to one experiment file: which arms change and how, which
 * lifecycle step that is, and what the gate needs to decide it. An experiment whose id changes is a new
 * experiment (its data starts from nothing).
 *
 * @param base - The experiment at the pull request's base; undefined when the head adds the file.
 * @param head - The experiment at the head; undefined when the head deletes the file.
 * @returns The change; `kind: 'no-model-change'` and `need: 'none'` when no model reaches more units.
 * @example
 * classifyRolloutChange(atBase, atHead).summary // 'canary ramp: candidate openai:gpt-5 5% → 20%'
 */
export function classifyRolloutChange(
  base: Experiment | undefined,
  head: Experiment | undefined,
): RolloutChange {
  const id = head?.id ?? base?.id ?? ''
  const sameExperiment = base !== undefined && head !== undefined && base.id === head.id
  const changes = [
    ...(head === undefined
      ? []
      : classifyControl(sameExperiment ? base : undefined, head).filter((c) => c !== undefined)),
    ...classifyCandidates(sameExperiment ? base : undefined, head, base),
  ]
  const kind = KIND_ORDER.find((k) => changes.some((c) => c.kind === k)) ?? 'no-model-change'
  const need = NEED_ORDER.find((n) => changes.some((c) => c.need === n)) ?? 'none'
  return { kind, need, experiment: id, changes, summary: summarizeChange(kind, changes) }
}

function classifyControl(base: Experiment | undefined, head: Experiment): (ArmChange | undefined)[] {
  if (base === undefined) return []
  const { control: headControl } = head
  const { control: baseControl } = base
  if (headControl.model.id === baseControl.model.id) return []
  const promoted = base.candidates.find((arm) => arm.model.id === headControl.model.id)
  if (promoted !== undefined) {
    return [
      {
        kind: 'promotion',
        arm: promoted.name,
        before: settingOf(promoted),
        after: settingOf(headControl),
        need: hasData(promoted) ? 'analyze' : 'unmeasured',
      },
    ]
  }
  return [
    {
      kind: 'model-swapped',
      arm: headControl.name,
      before: settingOf(baseControl),
      after: settingOf(headControl),
      need: 'unmeasured',
    },
  ]
}

function classifyCandidates(
  base: Experiment | undefined,
  head: Experiment | undefined,
  removedFrom: Experiment | undefined,
): ArmChange[] {
  const changes: ArmChange[] = []
  const headControlModel = head?.control.model.id
  for (const arm of head?.candidates ?? []) {
    const before = base === undefined ? undefined : findArm(base, arm.name)
    const change = classifyCandidate(before, arm)
    if (change !== undefined) changes.push(change)
  }
  // A removed candidate: gone from the head, or from the experiment (file deleted, id changed), unless
  // it became the control.
  for (const arm of removedFrom?.candidates ?? []) {
    if (base !== undefined && head?.arms.some((h) => h.name === arm.name) === true) continue
    if (base !== undefined && arm.model.id === headControlModel) continue
    changes.push({ kind: 'candidate-removed', arm: arm.name, before: settingOf(arm), need: 'none' })
  }
  return changes
}

function classifyCandidate(before: Arm | undefined, after: Arm): ArmChange | undefined {
  const setting = settingOf(after)
  const previous = before === undefined ? {} : { before: settingOf(before) }
  if (before === undefined || before.model.id !== after.model.id) {
    if (after.weight > 0) {
      return {
        kind: before === undefined ? 'canary-ramp' : 'model-swapped',
        arm: after.name,
        ...previous,
        after: setting,
        need: 'unmeasured',
      }
    }
    if (after.shadow > 0) {
      return { kind: 'shadow-added', arm: after.name, ...previous, after: setting, need: 'no-data-yet' }
    }
    // An arm with no weight and no shadow serves nobody: no model reaches more units.
    return undefined
  }
  if (after.weight > before.weight) {
    return {
      kind: after.weight >= 100 ? 'promotion' : 'canary-ramp',
      arm: after.name,
      ...previous,
      after: setting,
      need: hasData(before) ? 'analyze' : 'unmeasured',
    }
  }
  if (after.weight < before.weight) {
    return { kind: 'ramp-down', arm: after.name, ...previous, after: setting, need: 'none' }
  }
  return undefined
}

/** An arm produced data in its configuration when some units went to it, live or in shadow. */
function hasData(arm: Arm): boolean {
  return arm.weight > 0 || arm.shadow > 0
}

function settingOf(arm: Arm): ArmSetting {
  return { model: arm.model.id, weight: arm.weight, shadow: arm.shadow }
}

const STEP_LABELS: Readonly<Record<RolloutStepKind, string>> = {
  'shadow-added': 'shadow added',
  'canary-ramp': 'canary ramp',
  promotion: 'promotion',
  'model-swapped': 'model swapped',
  'candidate-removed': 'candidate removed',
  'ramp-down': 'ramp down',
  'no-model-change': 'no model change',
}

/**
 * Names a lifecycle step in words.
 *
 * @param kind - The step.
 * @returns E.g. `canary ramp`.
 */
export function labelRolloutStep(kind: RolloutStepKind): string {
  return STEP_LABELS[kind]
}

/**
 * Describes one arm change in plain text (raw names: escape for Markdown).
 *
 * @param change - The arm change.
 * @returns E.g. `candidate openai:gpt-5 5% → 20%`, `candidate openai:gpt-5 added as a 5% shadow`.
 */
export function describeArmChange(change: ArmChange): string {
  const { before, after, arm } = change
  if (after === undefined) return `${arm} ${before?.model ?? ''} removed`.replace(/ {2}/, ' ')
  const model = after.model
  if (before === undefined || before.model !== model) {
    const from = before === undefined ? '' : ` (was ${before.model})`
    return after.weight > 0
      ? `${arm} ${model} at ${formatWeight(after.weight)}${from}`
      : after.shadow > 0
        ? `${arm} ${model} as a ${formatWeight(after.shadow * 100)} shadow${from}`
        : `${arm} ${model} with no traffic${from}`
  }
  return `${arm} ${model} ${formatWeight(before.weight)} → ${formatWeight(after.weight)}`
}

function summarizeChange(kind: RolloutStepKind, changes: readonly ArmChange[]): string {
  if (changes.length === 0) return STEP_LABELS['no-model-change']
  return `${STEP_LABELS[kind]}: ${changes.map(describeArmChange).join('; ')}`
}

function formatWeight(percent: number): string {
  return `${Number(percent.toFixed(2))}%`
}
