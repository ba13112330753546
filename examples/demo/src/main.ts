/**
 * The demo `pnpm demo` runs. Until the LangGraph integration lands it shows the parts that exist:
 * it validates the example experiment, assigns 2,000 simulated sessions of an invoice-processing
 * workflow (extractor -> validator -> summarizer) to arms, and prices one run of each arm.
 */
import { fileURLToPath } from 'node:url'
import { createAssigner, createPricer, modelForAgent } from '@llm-canary/core'
import { describeExperiment, readExperimentFile } from '@llm-canary/gate'

const SESSIONS = 2_000

/** Token usage of one call of each agent of the workflow (typical figures for invoice processing). */
const AGENTS = [
  { name: 'extractor', usage: { inputTokens: 1_200, outputTokens: 300 } },
  { name: 'validator', usage: { inputTokens: 800, outputTokens: 50 } },
  { name: 'summarizer', usage: { inputTokens: 1_500, cacheReadTokens: 1_000, outputTokens: 400 } },
] as const

const path = fileURLToPath(new URL('../experiment.yaml', import.meta.url))
const { experiment, warnings } = await readExperimentFile(path)
console.log(`Experiment ${experiment.id} (examples/demo/experiment.yaml) is valid:`)
console.log(describeExperiment(experiment))
for (const w of warnings) console.log(`  warning: ${w.message}`)

const assigner = createAssigner(experiment)
const counts = new Map<string, number>(experiment.arms.map((a) => [a.name, 0]))
const shadowed = new Map<string, number>()
let example = assigner.assign('invoice-session-0')
for (let i = 0; i < SESSIONS; i++) {
  const assignment = assigner.assign(`invoice-session-${i}`)
  if (i === 0) example = assignment
  counts.set(assignment.arm, (counts.get(assignment.arm) ?? 0) + 1)
  for (const arm of assignment.shadowArms) shadowed.set(arm, (shadowed.get(arm) ?? 0) + 1)
}

const pricer = createPricer({ overrides: experiment.pricing })
console.log(`\n${SESSIONS} sessions assigned (same id, same arm, in every process):`)
console.log('  arm          sessions   share   weight   cost per run (3 agents)')
for (const arm of experiment.arms) {
  const n = counts.get(arm.name) ?? 0
  const assignment = { ...example, arm: arm.name, model: arm.model.id }
  let runCostUsd = 0
  for (const agent of AGENTS) {
    const served = modelForAgent(experiment, assignment, agent.name)
    runCostUsd += pricer.estimateCost(served.model, agent.usage).costUsd ?? Number.NaN
  }
  console.log(
    `  ${arm.name.padEnd(12)} ${String(n).padStart(8)}   ${((100 * n) / SESSIONS).toFixed(1).padStart(5)}%   ${`${arm.weight}%`.padStart(6)}   $${runCostUsd.toFixed(5)}`,
  )
}
for (const [arm, n] of shadowed) console.log(`  ${n} control sessions are also shadowed to ${arm}`)
console.log(
  `\nsession invoice-session-0 -> arm ${example.arm}, bucket ${example.bucket}; its validator is served ${modelForAgent(experiment, example, 'validator').model} (outside the scope)`,
)
console.log(
  '\nNext: the LangGraph workflow, its OpenTelemetry spans and the gate verdict (see README, Status).',
)
