/**
 * The report's sections on the fail rules: a candidate within its tolerances under `fail_rule: estimate` and
 * `bound`, and the trade-off between them (false fails against sessions to detect a real regression), with
 * the fixed-horizon sizes beside them.
 */
import { findSize, findSummary } from './acceptance.ts'
import { formatCount, formatLook, formatPercent, formatRate, renderTable } from './report-format.ts'
import type { ScenarioId } from './sim-model.ts'
import type { FixedHorizonSizes } from './sim-setup.ts'
import type { ScenarioSummary } from './summarize.ts'

/** What the fail-rule sections need from the run. */
export interface FailRuleFacts {
  readonly summaries: readonly ScenarioSummary[]
  readonly sizes: readonly FixedHorizonSizes[]
  /** Looks of the cost / error-rate experiments. */
  readonly looks: number
  readonly maxSessions: number
  readonly alpha: number
}

/** The regressions of twice the tolerance, each with its `bound` twin and its guardrail. */
const REGRESSIONS: readonly (readonly [ScenarioId, ScenarioId, FixedHorizonSizes['metric'], string])[] = [
  ['cost-regression', 'cost-regression-bound', 'cost_per_run_usd', 'cost per run'],
  ['error-rate-regression', 'error-rate-regression-bound', 'error_rate', 'the error rate'],
  ['p95-regression', 'p95-regression-bound', 'latency_p95_ms', 'P95 latency'],
]

/**
 * The section on a candidate within its tolerances, under both fail rules on the same sessions.
 *
 * @param facts - Summaries and looks.
 * @returns Markdown lines.
 */
export function renderWithinTolerance(facts: FailRuleFacts): string[] {
  const estimate = findSummary(facts.summaries, 'within-tolerance')
  const bound = findSummary(facts.summaries, 'within-tolerance-bound')
  const { looks } = facts
  return [
    `## A candidate within its tolerances: ${estimate.scenario.title}`,
    '',
    'Not an acceptance statement of the design, but what a reviewer should know: the default fail rule (`fail_rule: estimate`)',
    'is "significantly worse than control, and the estimate beyond the tolerance", a test of δ > 0 read against the',
    'tolerance, not a test of δ > tolerance. A real regression smaller than the tolerance becomes significant sooner or',
    'later, and the first look at which it does tends to overestimate it (the estimate is what crossed the boundary), so',
    'it can fail. `fail_rule: bound` tests δ > tolerance itself (the same sessions, replayed):',
    '',
    ...renderTable(
      ['rule', `verdict, any of ${looks} looks`, `naive, any of ${looks} looks`, 'verdict, final look only'],
      [
        [
          'fail, `estimate` (significant and beyond tolerance)',
          formatRate(estimate.ever.verdictFail),
          formatRate(estimate.ever.naiveFail),
          formatRate(estimate.atFinalLook.verdictFail),
        ],
        [
          'fail, `bound` (significantly beyond tolerance)',
          formatRate(bound.ever.verdictFail),
          '—',
          formatRate(bound.atFinalLook.verdictFail),
        ],
        [
          'significantly worse (true here)',
          formatRate(estimate.ever.verdictSignificant),
          formatRate(estimate.ever.naiveSignificant),
          formatRate(estimate.atFinalLook.verdictSignificant),
        ],
      ],
    ),
    '',
    `It passes (the right answer here) before any fail in ${formatPercent(estimate.passedFirst.rate)} of experiments under \`estimate\` and in`,
    `${formatPercent(bound.passedFirst.rate)} under \`bound\`; median sessions to pass: ${formatLook(estimate.medianFirst.verdictPass)} under \`estimate\`, ${formatLook(bound.medianFirst.verdictPass)} under \`bound\`.`,
    '',
  ]
}

/**
 * The section that sets the two fail rules side by side: false fails at half the tolerances, and median
 * sessions to fail a regression of twice the tolerance, beside the fixed-horizon sizes; then the trade-off in
 * two sentences.
 *
 * @param facts - Summaries, sizes, looks, sessions and α.
 * @returns Markdown lines.
 */
export function renderFailRuleTradeOff(facts: FailRuleFacts): string[] {
  const find = (id: ScenarioId) => findSummary(facts.summaries, id)
  const within = [find('within-tolerance'), find('within-tolerance-bound')] as const
  const fixed = (size: FixedHorizonSizes['atTolerance']) => formatCount(size.nControl + size.nTreatment)
  const rows = [
    [
      `half the tolerances: fails at any of ${facts.looks} looks`,
      formatRate(within[0].ever.verdictFail),
      formatRate(within[1].ever.verdictFail),
      '—',
    ],
    ...REGRESSIONS.map(([estimateId, boundId, metric, label]) => {
      const size = findSize(facts.sizes, metric)
      return [
        `${label} at twice the tolerance: median sessions to fail`,
        formatLook(find(estimateId).medianFirst.verdictFail),
        formatLook(find(boundId).medianFirst.verdictFail),
        `${fixed(size.atTolerance)} / ${fixed(size.atSimulatedEffect)}`,
      ]
    }),
  ]
  return [
    '## The fail rules side by side: `estimate` and `bound`',
    '',
    '`analysis.fail_rule: bound` fails a guardrail only when δ is significantly above its tolerance: the Holm-adjusted',
    'always-valid p-value of H0: δ ≤ tolerance is at most α, i.e. the interval at the Holm level lies above the tolerance.',
    'Each `bound` scenario replays the sessions of its `estimate` twin (same seeds), so the columns differ by the rule only.',
    '',
    ...renderTable(
      [
        '',
        '`fail_rule: estimate` (default)',
        '`fail_rule: bound`',
        'fixed-horizon n, sessions: for the tolerance / for the simulated effect',
      ],
      rows,
    ),
    '',
    ...describeTradeOff(facts),
    '',
  ]
}

function describeTradeOff(facts: FailRuleFacts): string[] {
  const find = (id: ScenarioId) => findSummary(facts.summaries, id)
  const falseFails = (id: ScenarioId) => formatPercent(find(id).ever.verdictFail.rate)
  const median = (id: ScenarioId) => {
    const point = find(id).medianFirst.verdictFail
    return point === undefined ? `more than ${formatCount(facts.maxSessions)}` : formatCount(point.sessions)
  }
  const detections = REGRESSIONS.map(
    ([estimateId, boundId, metric, label]) =>
      `${median(boundId)} instead of ${median(estimateId)} for ${label} (fixed-horizon n for the tolerance: ${formatCount(
        findSize(facts.sizes, metric).atTolerance.nControl +
          findSize(facts.sizes, metric).atTolerance.nTreatment,
      )})`,
  )
  return [
    `**The trade-off.** Under \`bound\` a candidate at half its tolerances fails in ${falseFails('within-tolerance-bound')} of experiments instead of`,
    `${falseFails('within-tolerance')} (at most α = ${formatPercent(facts.alpha)} by construction, for any regression up to the tolerance). The price is time: a`,
    `regression of twice the tolerance is now one tolerance away from the null instead of two, so its median sessions to`,
    `fail are ${detections.slice(0, -1).join(', ')}, and ${detections.at(-1)}.`,
  ]
}
