import type { ArmAssignment } from '@llm-canary/core'
import { createAssigner, modelForAgent } from '@llm-canary/core'
import { readExperimentFile } from '../../experiment-file.ts'
import type { CliIO } from '../io.ts'
import { formatColumns } from '../io.ts'

/** Options of `llm-canary assign`. */
export interface AssignOptions {
  readonly unit: readonly string[]
  readonly agent?: string
  readonly json?: boolean
}

/** One printed assignment: the unit, where it landed, and the model the agent is served. */
interface AssignmentRow extends ArmAssignment {
  readonly unitId: string
  /** With `--agent`: the arm whose model that agent gets (control when the agent is outside the scope). */
  readonly servedArm: string
  readonly servedModel: string
}

/**
 * `llm-canary assign FILE --unit ID...`: prints the arm, model and bucket of each unit id, exactly
 * as the application will assign them.
 *
 * @returns exit code 0.
 */
export async function assignCommand(file: string, options: AssignOptions, io: CliIO): Promise<number> {
  const { experiment } = await readExperimentFile(file)
  const assigner = createAssigner(experiment)
  const rows: AssignmentRow[] = options.unit.map((unitId) => {
    const assignment = assigner.assign(unitId)
    const served =
      options.agent === undefined
        ? { arm: assignment.arm, model: assignment.model }
        : modelForAgent(experiment, assignment, options.agent)
    return { unitId, ...assignment, servedArm: served.arm, servedModel: served.model }
  })
  if (options.json === true) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
    return 0
  }
  const header = ['unit', 'arm', 'model', 'bucket', 'shadow']
  if (options.agent !== undefined) header.push(`served to ${options.agent}`)
  const table = rows.map((r) => {
    const row = [r.unitId, r.arm, r.model, String(r.bucket), r.shadowArms.join(',') || '-']
    if (options.agent !== undefined) row.push(`${r.servedModel} (${r.servedArm})`)
    return row
  })
  io.stdout.write(`${formatColumns([header, ...table])}\n`)
  io.stdout.write(`experiment ${experiment.id}, hash v${experiment.hashVersion}\n`)
  return 0
}
