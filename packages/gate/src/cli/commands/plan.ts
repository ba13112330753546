import type {
  ArmSizes,
  ExperimentPlan,
  GuardrailMetric,
  GuardrailPlan,
  MetricBaseline,
} from '@llm-canary/core'
import { planExperiment } from '@llm-canary/core'
import type { Baselines } from '../../baselines.ts'
import { baselineKindOf, parseBaselineFlag, readBaselinesFile } from '../../baselines.ts'
import { GateError } from '../../errors.ts'
import { readExperimentFile } from '../../experiment-file.ts'
import type { CliIO } from '../io.ts'
import { formatColumns } from '../io.ts'

/** Options of `llm-canary plan`. */
export interface PlanCommandOptions {
  readonly baseline?: readonly string[]
  readonly baselines?: string
  readonly traffic?: string
  readonly json?: boolean
}

/**
 * `llm-canary plan EXPERIMENT`: per guardrail, which design the verdict gives it and why, and the units
 * each arm needs under the default `fail_rule: bound` — one look detecting twice the tolerance against the
 * tolerance itself (the fail side) and showing a candidate as good as control within the tolerance (the pass
 * side), the horizon of the configured design — with the classical one-look size for the tolerance against 0
 * as a reference, then the days that takes at the given traffic.
 *
 * @returns exit code 0.
 * @throws GateError `USAGE` for a malformed flag; `CONFIG_INVALID` / `FILE_UNREADABLE` for the files.
 */
export async function planCommand(file: string, options: PlanCommandOptions, io: CliIO): Promise<number> {
  const { experiment } = await readExperimentFile(file)
  const fromFile: Baselines =
    options.baselines === undefined ? { metrics: {} } : await readBaselinesFile(options.baselines)
  const metrics: Partial<Record<GuardrailMetric, MetricBaseline>> = { ...fromFile.metrics }
  for (const flag of options.baseline ?? []) {
    const [metric, baseline] = parseBaselineFlag(flag)
    metrics[metric] = baseline
  }
  const unitsPerDay =
    options.traffic === undefined ? fromFile.unitsPerDay : parseTraffic(options.traffic, experiment.unit)
  const plan = planExperiment(experiment, metrics, unitsPerDay === undefined ? {} : { unitsPerDay })
  if (options.json === true) {
    io.stdout.write(`${JSON.stringify({ experiment: experiment.id, unitsPerDay, ...plan }, null, 2)}\n`)
    return 0
  }
  const { alpha, power, method, failRule } = experiment.analysis
  io.stdout.write(
    `Plan for ${experiment.id}: alpha ${alpha} over ${plan.guardrails.length} tests (${formatNumber(plan.alphaPerTest, 4)} each, one-sided), power ${power}, method ${method}, fail_rule ${failRule}\n\n`,
  )
  io.stdout.write(`${describePlanTable(plan)}\n\n`)
  io.stdout.write(`${describeSizeLegend(experiment.unit)}\n\n`)
  const designs = describeDesigns(plan)
  if (designs !== '') io.stdout.write(`${designs}\n\n`)
  io.stdout.write(`${describeNeeds(plan, { unitsPerDay, method, unit: experiment.unit })}\n`)
  const missing = plan.guardrails.filter((g) => g.method === 'none')
  for (const g of missing) {
    const example = exampleFlag(g.metric)
    io.stdout.write(`  ${g.metric} (${g.arm}): not sized, ${g.note ?? 'no baseline'}${example}\n`)
  }
  return 0
}

/** What the size columns mean; the sizes are control / candidate units, named as the experiment names them. */
function describeSizeLegend(unit: string): string {
  return [
    `Sizes are control / candidate ${unit}s (sizing: the normal approximation used, see docs/statistics.md):`,
    '  fail side   one look in which a regression of twice the tolerance fails (tested against the tolerance)',
    '  pass side   one look in which a candidate as good as control passes (the tolerance tested against 0)',
    '  horizon     what the design needs: the group-sequential horizon (its look alone has the power), the',
    '              open-ended sequences (no horizon), or the larger side for method: fixed',
    '  reference   the classical one look for a regression equal to the tolerance against 0',
  ].join('\n')
}

function describePlanTable(plan: ExperimentPlan): string {
  const rows = [['guardrail', 'arm', 'sizing', 'design', 'fail side', 'pass side', 'horizon', 'reference']]
  for (const g of plan.guardrails) {
    rows.push([
      g.metric,
      g.arm,
      g.method,
      g.design ?? '-',
      formatSizes(g.failSide),
      formatSizes(g.passSide),
      formatSizes(designSizes(g)),
      formatSizes(g.fixedHorizon),
    ])
  }
  return formatColumns(rows, '  ')
}

/** The sizes of the design the guardrail gets (the `horizon` column). */
function designSizes(g: GuardrailPlan): ArmSizes | undefined {
  switch (g.design) {
    case 'group-sequential':
    case 'group-sequential-quantile':
      return g.groupSequential
    case 'open-ended':
      return g.sequential
    case 'fixed':
      if (g.failSide === undefined || g.passSide === undefined) return g.failSide ?? g.passSide
      return {
        control: Math.max(g.failSide.control, g.passSide.control),
        candidate: Math.max(g.failSide.candidate, g.passSide.candidate),
      }
    case undefined:
      return undefined
  }
}

/** One line per distinct design: which guardrails get it and why. */
function describeDesigns(plan: ExperimentPlan): string {
  const byDesign = new Map<string, { why: string; guardrails: string[] }>()
  for (const g of plan.guardrails) {
    if (g.design === undefined || g.why === undefined) continue
    const entry = byDesign.get(g.design) ?? { why: g.why, guardrails: [] }
    entry.guardrails.push(`${g.metric} (${g.arm})`)
    byDesign.set(g.design, entry)
  }
  return [...byDesign.entries()]
    .map(([design, { why, guardrails }]) => `Design ${design} for ${guardrails.join(', ')}: ${why}.`)
    .join('\n')
}

function formatSizes(sizes: ArmSizes | undefined): string {
  return sizes === undefined ? '-' : `${formatCount(sizes.control)} / ${formatCount(sizes.candidate)}`
}

function describeNeeds(
  plan: ExperimentPlan,
  options: { readonly unitsPerDay: number | undefined; readonly method: string; readonly unit: string },
): string {
  const { unitsPerDay, method, unit } = options
  if (plan.plannedUnitsPerArm === undefined)
    return 'Nothing could be sized: give baselines (--baseline or --baselines).'
  const perArm = Object.entries(plan.unitsPerArm)
    .map(([arm, n]) => `${arm} ${formatCount(n)}`)
    .join(', ')
  const days =
    plan.days === undefined
      ? ` (give --traffic ${unit.toUpperCase()}S_PER_DAY for the days)`
      : ` -> ${formatNumber(plan.days, 1)} days at ${formatCount(unitsPerDay ?? 0)} ${unit}s/day`
  return (
    `${unit.charAt(0).toUpperCase()}${unit.slice(1)}s needed (${method}): ${perArm}${days}.\n` +
    `To gate at this plan, write under analysis: max_units_per_arm: ${plan.plannedUnitsPerArm}`
  )
}

function exampleFlag(metric: GuardrailMetric): string {
  const example = {
    rate: `${metric}=0.02`,
    mean: `${metric}=0.04,sd=0.03`,
    lognormal: `${metric}=sigma=0.5,median=900`,
  }[baselineKindOf(metric)]
  return `; e.g. --baseline ${example}`
}

function parseTraffic(text: string, unit: string): number {
  const value = Number(text.replace(/[_,]/g, '').replace(/\/day$/, ''))
  if (!Number.isFinite(value) || value <= 0) {
    throw new GateError(
      'USAGE',
      `--traffic ${text}: give the ${unit}s per day as a positive number, e.g. --traffic 5000`,
    )
  }
  return value
}

function formatCount(n: number): string {
  return Math.ceil(n).toLocaleString('en-US')
}

function formatNumber(n: number, digits: number): string {
  return Number(n.toFixed(digits)).toString()
}
