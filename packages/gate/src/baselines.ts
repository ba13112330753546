import type { GuardrailMetric, MetricBaseline } from '@llm-canary/core'
import { GUARDRAIL_METRICS, isGuardrailMetric } from '@llm-canary/core'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import type { LocatedIssue } from './errors.ts'
import { GateError } from './errors.ts'
import { readTextFile } from './experiment-file.ts'

/** Baseline figures for `llm-canary plan`, by guardrail metric, and the traffic when the file gives it. */
export interface Baselines {
  readonly metrics: Readonly<Partial<Record<GuardrailMetric, MetricBaseline>>>
  readonly unitsPerDay?: number
}

/** How each metric's baseline is written; the kind is implied by the metric. */
type BaselineKind = MetricBaseline['kind']

/** Which baseline a metric takes: rates for rates, mean ± sd for means, lognormal σ for quantiles. */
export function baselineKindOf(metric: GuardrailMetric): BaselineKind {
  const spec = GUARDRAIL_METRICS[metric]
  if (spec.observation === 'quantile') return 'lognormal'
  return spec.valueUnit === 'fraction' ? 'rate' : 'mean'
}

const EXAMPLES: Record<BaselineKind, string> = {
  rate: 'error_rate=0.02',
  mean: 'cost_per_run_usd=0.04,sd=0.03',
  lognormal: 'latency_p95_ms=sigma=0.5,median=900',
}

const number = z.number().finite().nonnegative()
const fileSchema = z.strictObject({
  traffic_per_day: number.optional(),
  baselines: z.record(
    z.string(),
    z.union([
      z.strictObject({ rate: z.number().min(0).max(1) }),
      z.strictObject({ mean: z.number().finite(), sd: z.number().finite().positive() }),
      z.strictObject({
        sigma: z.number().finite().positive(),
        median_ms: z.number().finite().positive().optional(),
      }),
    ]),
  ),
})

/**
 * Parses one `--baseline metric=value` flag: `error_rate=0.02`, `accuracy=91%`,
 * `cost_per_run_usd=0.04,sd=0.03`, `latency_p95_ms=sigma=0.5,median=900`.
 *
 * @throws GateError `USAGE` saying what is wrong and showing the form for that metric.
 */
export function parseBaselineFlag(flag: string): [GuardrailMetric, MetricBaseline] {
  const eq = flag.indexOf('=')
  const name = eq < 0 ? flag : flag.slice(0, eq)
  if (!isGuardrailMetric(name)) {
    throw new GateError(
      'USAGE',
      `--baseline ${flag}: "${name}" is not a guardrail metric; e.g. ${EXAMPLES.rate}`,
    )
  }
  const kind = baselineKindOf(name)
  const fail = (why: string) =>
    new GateError(
      'USAGE',
      `--baseline ${flag}: ${why}; write it like ${EXAMPLES[kind].replace(/^[a-z0-9_]+/, name)}`,
    )
  const parts = flag.slice(eq + 1).split(',')
  const fields = new Map<string, number>()
  for (const [i, part] of parts.entries()) {
    const [key, raw] = part.includes('=')
      ? (part.split('=', 2) as [string, string])
      : [i === 0 ? 'value' : part, i === 0 ? part : '']
    const value = raw.trim().endsWith('%') ? Number(raw.trim().slice(0, -1)) / 100 : Number(raw.trim())
    if (raw.trim() === '' || !Number.isFinite(value)) throw fail(`"${part}" is not a number`)
    fields.set(key.trim(), value)
  }
  if (eq < 0 || fields.size === 0) throw fail('no value')
  // A fraction (citation stability, accuracy) may also be given as mean ± sd.
  switch (kind === 'rate' && fields.has('sd') ? 'mean' : kind) {
    case 'rate': {
      const rate = fields.get('value') ?? fields.get('rate')
      if (rate === undefined || rate < 0 || rate > 1)
        throw fail('a rate must be between 0 and 1 (or 0% and 100%)')
      return [name, { kind: 'rate', rate }]
    }
    case 'mean': {
      const mean = fields.get('value') ?? fields.get('mean')
      const sd = fields.get('sd')
      if (mean === undefined || sd === undefined || sd <= 0)
        throw fail('a mean needs its standard deviation sd > 0')
      return [name, { kind: 'mean', mean, sd }]
    }
    case 'lognormal': {
      const sigma = fields.get('sigma')
      const medianMs = fields.get('median')
      if (sigma === undefined || sigma <= 0)
        throw fail('a latency quantile needs sigma > 0, the sd of log-latency')
      return [
        name,
        medianMs === undefined ? { kind: 'lognormal', sigma } : { kind: 'lognormal', sigma, medianMs },
      ]
    }
  }
}

/**
 * Reads a baselines file (YAML or JSON):
 * `{ traffic_per_day: 5000, baselines: { error_rate: { rate: 0.02 }, cost_per_run_usd: { mean: 0.04, sd: 0.03 },
 * latency_p95_ms: { sigma: 0.5, median_ms: 900 } } }`.
 *
 * @throws GateError `FILE_UNREADABLE`, or `CONFIG_INVALID` listing every problem with its path.
 */
export async function readBaselinesFile(path: string): Promise<Baselines> {
  const text = await readTextFile(path, 'baselines file')
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (err) {
    throw new GateError('CONFIG_INVALID', `${path} is not valid YAML: ${(err as Error).message}`, {
      file: path,
    })
  }
  const parsed = fileSchema.safeParse(raw)
  const issues: LocatedIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path.map(toPathPart), message: issue.message }))
  const metrics: Partial<Record<GuardrailMetric, MetricBaseline>> = {}
  for (const [name, value] of Object.entries(parsed.success ? parsed.data.baselines : {})) {
    if (!isGuardrailMetric(name)) {
      issues.push({ path: ['baselines', name], message: `"${name}" is not a guardrail metric` })
      continue
    }
    const kind = baselineKindOf(name)
    const baseline: MetricBaseline | undefined =
      'rate' in value && kind === 'rate'
        ? { kind, rate: value.rate }
        : 'mean' in value && kind !== 'lognormal'
          ? { kind: 'mean', mean: value.mean, sd: value.sd }
          : 'sigma' in value && kind === 'lognormal'
            ? value.median_ms === undefined
              ? { kind, sigma: value.sigma }
              : { kind, sigma: value.sigma, medianMs: value.median_ms }
            : undefined
    if (baseline === undefined) {
      const form = { rate: '{ rate: 0.02 }', mean: '{ mean: 0.04, sd: 0.03 }', lognormal: '{ sigma: 0.5 }' }[
        kind
      ]
      issues.push({ path: ['baselines', name], message: `${name} takes a ${kind} baseline: ${form}` })
      continue
    }
    metrics[name] = baseline
  }
  if (issues.length > 0) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`
    throw new GateError('CONFIG_INVALID', `${path} has ${count}`, { issues, file: path })
  }
  const trafficPerDay = parsed.success ? parsed.data.traffic_per_day : undefined
  return trafficPerDay === undefined ? { metrics } : { metrics, unitsPerDay: trafficPerDay }
}

function toPathPart(part: PropertyKey): string | number {
  return typeof part === 'number' ? part : String(part)
}
