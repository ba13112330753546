import type { ExperimentPlan, GuardrailMetric, MetricBaseline } from '@llm-canary/core'
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
 * `llm-canary plan EXPERIMENT`: the sessions each arm needs per guardrail to detect a regression equal
 * to its tolerance, and the days that takes at the given traffic.
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
  const unitsPerDay = options.traffic === undefined ? fromFile.unitsPerDay : parseTraffic(options.traffic)
  const plan = planExperiment(experiment, metrics, unitsPerDay === undefined ? {} : { unitsPerDay })
  if (options.json === true) {
    io.stdout.write(`${JSON.stringify({ experiment: experiment.id, unitsPerDay, ...plan }, null, 2)}\n`)
    return 0
  }
  const { alpha, power, method } = experiment.analysis
  io.stdout.write(
    `Plan for ${experiment.id}: alpha ${alpha} over ${plan.guardrails.length} tests (${formatNumber(plan.alphaPerTest, 4)} each), power ${power}, ${method}\n\n`,
  )
  io.stdout.write(`${describePlanTable(plan)}\n\n`)
  io.stdout.write(`${describeNeeds(plan, unitsPerDay, experiment.analysis.method)}\n`)
  const missing = plan.guardrails.filter((g) => g.method === 'none')
  for (const g of missing) {
    const example = exampleFlag(g.metric)
    io.stdout.write(`  ${g.metric} (${g.arm}): not sized, ${g.note ?? 'no baseline'}${example}\n`)
  }
  return 0
}

function describePlanTable(plan: ExperimentPlan): string {
  const rows = [
    ['guardrail', 'arm', 'method', 'fixed horizon (control / candidate)', 'sequential (control / candidate)'],
  ]
  for (const g of plan.guardrails) {
    rows.push([
      g.metric,
      g.arm,
      g.method,
      g.fixedHorizon === undefined
        ? '-'
        : `${formatCount(g.fixedHorizon.control)} / ${formatCount(g.fixedHorizon.candidate)}`,
      g.sequential === undefined
        ? '-'
        : `${formatCount(g.sequential.control)} / ${formatCount(g.sequential.candidate)}`,
    ])
  }
  return formatColumns(rows, '  ')
}

function describeNeeds(plan: ExperimentPlan, unitsPerDay: number | undefined, method: string): string {
  if (plan.plannedUnitsPerArm === undefined)
    return 'Nothing could be sized: give baselines (--baseline or --baselines).'
  const perArm = Object.entries(plan.unitsPerArm)
    .map(([arm, n]) => `${arm} ${formatCount(n)}`)
    .join(', ')
  const days =
    plan.days === undefined
      ? ' (give --traffic SESSIONS_PER_DAY for the days)'
      : ` -> ${formatNumber(plan.days, 1)} days at ${formatCount(unitsPerDay ?? 0)} sessions/day`
  return (
    `Sessions needed (${method}): ${perArm}${days}.\n` +
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

function parseTraffic(text: string): number {
  const value = Number(text.replace(/[_,]/g, '').replace(/\/day$/, ''))
  if (!Number.isFinite(value) || value <= 0) {
    throw new GateError(
      'USAGE',
      `--traffic ${text}: give the sessions per day as a positive number, e.g. --traffic 5000`,
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
