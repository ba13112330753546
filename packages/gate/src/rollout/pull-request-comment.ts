import { GateError } from '../errors.ts'
import { renderMarkdown } from '../report/markdown.ts'
import { escapeMarkdown as esc, renderMarkerComment } from '../report/markdown-escape.ts'
import { describeSamplesNeeded } from '../report/report-facts.ts'
import type { RolloutChange } from './rollout-change.ts'
import { describeArmChange, labelRolloutStep } from './rollout-change.ts'
import type { RolloutGateDecision, RolloutGateInput } from './rollout-decision.ts'
import { DEFAULT_OVERRIDE_LABEL } from './rollout-decision.ts'

/** Where a gate's data window starts, and why there. */
export interface DataWindow {
  readonly since: Date
  /**
   * - `configuration`: the base-branch commit that gave the candidate its current configuration;
   * - `merge`: the merge of the pull request being watched;
   * - `input`: the action's `since` input;
   * - `history-limit`: the oldest commit read while looking for the configuration's start.
   */
  readonly origin: 'configuration' | 'merge' | 'input' | 'history-limit'
  /** The commit (sha) the window starts at, when there is one. */
  readonly commit?: string
  /** The merged pull request, for `merge`. */
  readonly pullRequest?: number
}

/** Inputs of `renderPullRequestComment`. */
export interface PullRequestCommentInput {
  readonly change: RolloutChange
  readonly decision: RolloutGateDecision
  /** The gate's inputs: the report, the backend error, the policy and the override, as decided. */
  readonly gate?: Omit<RolloutGateInput, 'change'>
  /** The experiment file's path in the repository. */
  readonly file?: string
  readonly window?: DataWindow
  /** The check's name, e.g. `llm-canary / support-triage`. */
  readonly checkName?: string
  /** Key of the hidden upsert marker (the experiment id); no marker when absent. */
  readonly marker?: string
  /** Link to the full report (the workflow run). */
  readonly detailsUrl?: string
  /** Longest result in UTF-16 code units; default 65,536 (a PR comment). */
  readonly maxChars?: number
  /**
   * `gate` (default): a pull request before its merge, whose check the decision sets. `watch`: a merged
   * pull request, judged on the data since its merge (a regression opens the revert).
   */
  readonly stage?: 'gate' | 'watch'
  /** Markdown lines put under the decision (already escaped): the revert pull request, the reviewers. */
  readonly notes?: readonly string[]
}

/** The longest PR comment GitHub accepts, in characters. */
const PULL_REQUEST_COMMENT_MAX_CHARS = 65_536

/** Room the gate's own lines may take before the analysis report; the report gets the rest. */
const MIN_REPORT_CHARS = 500

/** The longest reason or backend message quoted in the head (a backend can answer with a page). */
const MAX_QUOTED_CHARS = 1_000

/** Cuts quoted text to `MAX_QUOTED_CHARS` before escaping, ending with `…` when cut. */
function quote(text: string): string {
  const chars = Array.from(text)
  return esc(chars.length <= MAX_QUOTED_CHARS ? text : `${chars.slice(0, MAX_QUOTED_CHARS - 1).join('')}…`)
}

const OUTCOME_LINES: Readonly<Record<RolloutGateDecision['outcome'], string>> = {
  pass: '✅ **Check passes.**',
  regression: '❌ **Blocked: a regression.**',
  'needs-person': '👀 **Needs a person.**',
  overridden: '✅ **Overridden.**',
  waiting: '⏳ **Waiting for data.**',
  'no-data-yet': '⚪ **No data yet.**',
  'backend-error': '🚫 **The trace backend could not be read.**',
  skipped: '➖ **Nothing to gate.**',
  'not-run': '⚪ **Not run here.**',
}

const WATCH_LINES: Partial<Record<RolloutGateDecision['outcome'], string>> = {
  pass: '✅ **Holding up since the merge.**',
  regression: '❌ **Regressed since the merge.**',
  waiting: '⏳ **Still collecting data since the merge.**',
}

/**
 * Renders what the llm-canary GitHub Action posts on a pull request for one experiment file: the
 * lifecycle step, what the check does and what to do next (who may override, what is still needed),
 * what changed and the data window, then the analysis report (`renderMarkdown`: the verdict and the
 * forest plot first) cut to fit. The same text is the check
 * run's summary and a job-summary section; `pnpm demo` writes it too. Every value from the experiment
 * file or spans is escaped.
 *
 * @param input - The change, the decision and its inputs, the file, the window, the check name, the
 *   upsert marker, the details link and the size limit.
 * @returns Markdown of at most `maxChars` characters, ending with a newline.
 * @throws GateError `USAGE` when `maxChars` leaves no room for the report's first lines.
 * @example
 * const body = renderPullRequestComment({ change, decision, gate: { report }, marker: change.experiment })
 */
export function renderPullRequestComment(input: PullRequestCommentInput): string {
  const maxChars = input.maxChars ?? PULL_REQUEST_COMMENT_MAX_CHARS
  const marker = input.marker === undefined ? undefined : renderMarkerComment(input.marker)
  const head = renderHead(input)
  const tail = marker === undefined ? '' : `\n${marker}\n`
  const report = input.gate?.report
  const room = maxChars - head.length - tail.length - 2
  if (room < MIN_REPORT_CHARS) {
    throw new GateError(
      'USAGE',
      `maxChars is ${maxChars}; a pull request comment needs at least ${head.length + tail.length + MIN_REPORT_CHARS} characters here`,
    )
  }
  if (report === undefined || input.decision.outcome === 'backend-error') return `${head}${tail}`
  const body = renderMarkdown(report, {
    maxChars: room,
    ...(input.detailsUrl === undefined ? {} : { detailsUrl: input.detailsUrl }),
  })
  return `${head}\n${body}${tail}`
}

function renderHead(input: PullRequestCommentInput): string {
  const { change, decision } = input
  // What the check does and what to do next come first, right under the title; then what changed.
  const title = [
    `### 🐤 llm-canary · ${esc(change.experiment)} · ${labelRolloutStep(change.kind)}`,
    '',
    input.stage === 'watch'
      ? `${WATCH_LINES[decision.outcome] ?? OUTCOME_LINES[decision.outcome]} ${explainAfterMerge(input)}`
      : `${OUTCOME_LINES[decision.outcome]} ${explainOutcome(input)}`,
    ...renderOverrideNotes(input),
    ...(input.notes ?? []).flatMap((note) => ['', note]),
    ...renderChangeLines(input).flatMap((line, index) => (index === 0 ? ['', line] : [line])),
  ]
  return `${title.join('\n')}\n`
}

function renderChangeLines(input: PullRequestCommentInput): string[] {
  const { change, file, window, checkName } = input
  const arms = change.changes.map((c) => `- ${esc(describeArmChange(c))}`)
  const where = [
    file === undefined ? undefined : `file ${esc(file)}`,
    checkName === undefined ? undefined : `check ${esc(checkName)}`,
  ].filter((part) => part !== undefined)
  const blocks = [
    where.length === 0 ? [] : [where.join(' · ')],
    arms,
    window === undefined || input.gate?.report === undefined ? [] : [describeDataWindow(window)],
  ].filter((block) => block.length > 0)
  return blocks.flatMap((block, index) => (index === 0 ? block : ['', ...block]))
}

/**
 * Says where a data window starts and why, in one Markdown line.
 *
 * @param window - The window.
 * @returns E.g. `**Data:** since 2026-05-01 12:00 UTC, when commit abc1234 gave the candidate its current configuration.`
 */
function describeDataWindow(window: DataWindow): string {
  const when = `${window.since.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  const commit = window.commit === undefined ? '' : ` ${esc(window.commit.slice(0, 7))}`
  const why = {
    configuration: `when commit${commit} gave the candidate its current configuration`,
    merge: `the merge of${window.pullRequest === undefined ? ' the pull request' : ` #&#8203;${window.pullRequest}`}${commit}`,
    input: 'set by the `since` input',
    'history-limit': `the oldest commit read${commit} (the configuration is older; set \`since\` to go further back)`,
  }[window.origin]
  return `**Data:** since ${when}, ${why}.`
}

function explainOutcome(input: PullRequestCommentInput): string {
  const { decision } = input
  const gate = input.gate ?? {}
  const label = `\`${gate.override?.label ?? DEFAULT_OVERRIDE_LABEL}\``
  const report = gate.report
  switch (decision.outcome) {
    case 'pass':
      return `Every guardrail is inside its tolerance, with enough ${report?.experiment.unit ?? 'unit'}s per arm and no sample-ratio mismatch.`
    case 'regression':
      return `Some guardrail is significantly beyond its tolerance, so the check fails. ${label} does not apply to a regression: fix the candidate, or step back.`
    case 'needs-person':
      return `${quote(decision.reason)}. The check fails until someone with write access adds the ${label} label; nothing is reverted automatically.`
    case 'overridden':
      return `${esc(`@${gate.override?.grantedBy ?? ''}`)} (write access) added ${label}: the check passes. The evidence below is unchanged.`
    case 'waiting': {
      const needed = report === undefined ? undefined : describeSamplesNeeded(report)
      return `The check stays in progress until a later run decides; it never turns green without data.${
        needed === undefined ? '' : ` Still needed: ${esc(needed)}.`
      } A scheduled \`watch\` run re-evaluates this pull request.`
    }
    case 'no-data-yet':
      return 'A new shadow has no data until it runs: the check is neutral, never a pass. The next step (the canary) is gated on the data it collects.'
    case 'backend-error': {
      const error = gate.backendError
      const policy = gate.onBackendError ?? 'fail'
      return `${error === undefined ? '' : `${quote(error.source)}: ${quote(error.reason)}. `}Nothing was judged: \`on-backend-error: ${policy}\` makes the check ${
        policy === 'fail' ? 'fail (no data is never a pass); re-run once the backend answers' : 'neutral'
      }.`
    }
    case 'skipped':
      return 'No model reaches more units in this change.'
    case 'not-run':
      return quote(decision.reason)
  }
}

function explainAfterMerge(input: PullRequestCommentInput): string {
  const { decision } = input
  switch (decision.outcome) {
    case 'pass':
      return 'Every guardrail is inside its tolerance on the data since the merge.'
    case 'regression':
      return 'Some guardrail is significantly beyond its tolerance on the data since the merge: the revert pull request restores the previous configuration.'
    case 'needs-person':
      return `${quote(decision.reason)}. A person decides whether to keep this step; nothing is reverted automatically.`
    case 'waiting':
      return 'Scheduled runs keep watching until the data decides.'
    default:
      return explainOutcome(input)
  }
}

function renderOverrideNotes(input: PullRequestCommentInput): string[] {
  const override = input.gate?.override
  const ignored = override?.ignored ?? []
  if (ignored.length === 0) return []
  return [
    '',
    ...ignored.map(
      (entry) =>
        `⚠️ \`${esc(override?.label ?? DEFAULT_OVERRIDE_LABEL)}\` added by ${esc(`@${entry.login}`)} was ignored: they have ${esc(entry.permission)} access, and only write, maintain or admin counts.`,
    ),
  ]
}
