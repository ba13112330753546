import type {
  DataWindow,
  GuardrailFinding,
  RolloutChange,
  RolloutGateDecision,
  RolloutGateInput,
} from '@llm-canary/gate'

/** What the action found for one experiment file, ready to report. */
export interface ExperimentResult {
  /** The file's path at the commit the check is on. */
  readonly file: string
  readonly experiment: string
  /** `llm-canary / <experiment>`: unique per experiment, the name to make required. */
  readonly checkName: string
  readonly change: RolloutChange
  readonly decision: RolloutGateDecision
  /** The decision's inputs: the report or the backend error, the policy, the override. */
  readonly gate: Omit<RolloutGateInput, 'change'>
  readonly window?: DataWindow
  /** True for an experiment file the pull request does not touch: it gets a check, never a comment. */
  readonly untouched?: boolean
  /** Failing guardrails on their lines of `file`, for annotations. */
  readonly findings?: readonly GuardrailFinding[]
}

/** The check's name for an experiment. */
export function checkNameOf(experiment: string): string {
  return `llm-canary / ${experiment}`
}
