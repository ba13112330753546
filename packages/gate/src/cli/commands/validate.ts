import type { Experiment } from '@llm-canary/core'
import { formatLocatedIssue, readExperimentFile } from '../../experiment-file.ts'
import type { CliIO } from '../io.ts'
import { createStyle, formatColumns } from '../io.ts'

/** Options of `llm-canary validate`. */
export interface ValidateOptions {
  readonly json?: boolean
}

/**
 * `llm-canary validate FILE`: checks an experiment file and prints what it will do.
 *
 * @returns exit code 0 (problems are thrown as `GateError` and exit 2).
 */
export async function validateCommand(file: string, options: ValidateOptions, io: CliIO): Promise<number> {
  const { experiment, warnings } = await readExperimentFile(file)
  if (options.json === true) {
    io.stdout.write(`${JSON.stringify({ valid: true, file, experiment, warnings }, null, 2)}\n`)
    return 0
  }
  const style = createStyle(io)
  io.stdout.write(`${style.green('✓')} ${file}: experiment ${style.bold(experiment.id)} is valid\n`)
  io.stdout.write(`${describeExperiment(experiment)}\n`)
  for (const warning of warnings)
    io.stderr.write(`${style.yellow('warning:')} ${formatLocatedIssue(file, warning)}\n`)
  return 0
}

/** A short human summary of an experiment: arms, scope, guardrails and analysis settings. */
function describeExperiment(experiment: Experiment): string {
  const rows: string[][] = []
  rows.push(['unit', `${experiment.unit} (hash v${experiment.hashVersion}, salt "${experiment.salt}")`])
  for (const [i, arm] of experiment.arms.entries()) {
    const extras = [
      arm.isControl ? '' : `slot ${arm.slot}`,
      arm.shadow > 0 ? `shadow ${formatPercent(arm.shadow * 100)}` : '',
    ].filter((s) => s !== '')
    rows.push([
      i === 0 ? 'arms' : '',
      `${arm.name.padEnd(12)} ${arm.model.id.padEnd(28)} ${formatPercent(arm.weight).padStart(7)}  ${extras.join(', ')}`.trimEnd(),
    ])
  }
  rows.push([
    'scope',
    experiment.scopeAgents === undefined ? 'every agent' : experiment.scopeAgents.join(', '),
  ])
  if (experiment.guardrails.length === 0) rows.push(['guardrails', 'none'])
  for (const [i, g] of experiment.guardrails.entries()) {
    rows.push([i === 0 ? 'guardrails' : '', `${g.metric.padEnd(20)} ${g.bound} ${g.tolerance.text}`])
  }
  const a = experiment.analysis
  rows.push([
    'analysis',
    `${a.method}, alpha ${a.alpha}, power ${a.power}, at least ${a.minUnitsPerArm} units per arm, horizon ${a.horizonDays} days, fail rule ${a.failRule}`,
  ])
  return formatColumns(rows, '  ')
}

function formatPercent(value: number): string {
  return `${Number(value.toFixed(2))}%`
}
