import type { CheckFindings } from './check-arms.ts'
import { checkArms } from './check-arms.ts'
import { describeValue, isRecord } from './describe-value.ts'
import {
  exampleTolerance,
  GUARDRAIL_METRICS,
  isGuardrailBound,
  isGuardrailMetric,
  listAllowedBounds,
} from './metrics.ts'
import { checkModelId } from './model-id.ts'
import { ANALYSIS_DEFAULTS } from './schema.ts'

/**
 * Runs the checks that span several fields, which zod refinements would skip whenever the shape has
 * problems: arms (names, candidates, weight sum, slots), duplicate scope agents, pricing keys, one
 * bound per guardrail, the unit cap. Each check reads only the parts that are valid on their own.
 *
 * @param raw - The parsed experiment file (a mapping).
 * @returns The problems and the warnings, each with its path.
 */
export function checkExperiment(raw: Record<string, unknown>): CheckFindings {
  const findings: CheckFindings = { errors: [], warnings: [] }
  checkArms(raw.arms, findings)
  checkScope(raw.scope, findings)
  checkPricingKeys(raw.pricing, findings)
  checkGuardrails(raw.guardrails, findings)
  checkUnitCap(raw.analysis, findings)
  return findings
}

function checkScope(scope: unknown, findings: CheckFindings): void {
  if (!isRecord(scope) || !Array.isArray(scope.agents)) return
  const firstIndex = new Map<string, number>()
  scope.agents.forEach((agent: unknown, index) => {
    if (typeof agent !== 'string') return
    const first = firstIndex.get(agent)
    if (first === undefined) firstIndex.set(agent, index)
    else {
      findings.errors.push({
        path: ['scope', 'agents', index],
        message: `agent ${describeValue(agent)} is listed twice (also at scope.agents[${first}]); remove the duplicate`,
      })
    }
  })
}

function checkPricingKeys(pricing: unknown, findings: CheckFindings): void {
  if (!isRecord(pricing)) return
  for (const key of Object.keys(pricing)) {
    const problem = checkModelId(key)
    if (problem !== undefined) {
      findings.errors.push({
        path: ['pricing', key],
        message: `pricing is keyed by model id, but ${problem}`,
      })
    }
  }
}

function checkGuardrails(guardrails: unknown, findings: CheckFindings): void {
  if (guardrails === undefined || (isRecord(guardrails) && Object.keys(guardrails).length === 0)) {
    findings.warnings.push({
      path: ['guardrails'],
      message:
        'no guardrails: the gate can only check sample sizes and SRM; add some, e.g. guardrails: { error_rate: { max_increase: 1pp } }',
    })
    return
  }
  if (!isRecord(guardrails)) return
  for (const [metric, guardrail] of Object.entries(guardrails)) {
    if (!isGuardrailMetric(metric) || !isRecord(guardrail)) continue
    const keys = Object.keys(guardrail)
    const bounds = keys.filter(
      (key) => isGuardrailBound(key) && GUARDRAIL_METRICS[metric].bounds[key] !== undefined,
    )
    if (keys.length === 0) {
      const [bound = 'max_increase'] = listAllowedBounds(metric)
      findings.errors.push({
        path: ['guardrails', metric],
        message: `${metric} has no bound; add one, e.g. ${metric}: { ${bound}: ${exampleTolerance(metric, bound)} }`,
      })
    } else if (bounds.length > 1) {
      findings.errors.push({
        path: ['guardrails', metric],
        message: `${metric} sets ${bounds.join(' and ')}; a guardrail takes exactly one bound, so keep one`,
      })
    }
  }
}

function checkUnitCap(analysis: unknown, findings: CheckFindings): void {
  if (!isRecord(analysis)) return
  const cap = analysis.max_units_per_arm
  const floor = analysis.min_units_per_arm ?? ANALYSIS_DEFAULTS.minUnitsPerArm
  if (!isWholeNumber(cap) || !isWholeNumber(floor) || cap < 1 || floor < 2 || cap >= floor) return
  findings.errors.push({
    path: ['analysis', 'max_units_per_arm'],
    message: `max_units_per_arm is ${cap}, below min_units_per_arm ${floor}, so a pass could never be reached; raise it to at least ${floor}`,
  })
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value)
}
