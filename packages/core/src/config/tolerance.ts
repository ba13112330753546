import type { GuardrailBound, GuardrailMetric, Tolerance } from '../types.ts'
import { describeValue } from './describe-value.ts'
import type { ToleranceForm } from './metrics.ts'
import { describeBoundMismatch, exampleOfForm, GUARDRAIL_METRICS } from './metrics.ts'

/** The guardrail a tolerance belongs to: its meaning depends on the metric and the bound. */
export interface ToleranceContext {
  readonly metric: GuardrailMetric
  readonly bound: GuardrailBound
}

/** What `parseTolerance` returns: the tolerance, or a message that says what is wrong and what to write. */
export type ParseToleranceResult =
  | { readonly ok: true; readonly tolerance: Tolerance }
  | { readonly ok: false; readonly message: string }

/** A written tolerance taken apart, before the metric decides what it means. */
interface WrittenTolerance {
  readonly form: ToleranceForm
  /** The decimal digits as written, so scaling (`e-2`, `e3`) stays exact. */
  readonly digits: string
  readonly amount: number
  readonly unit: string
  readonly negative: boolean
  readonly text: string
}

const NUMBER_SOURCE = String.raw`(?:\d+(?:\.\d+)?|\.\d+)`
const WRITTEN_PATTERN = new RegExp(String.raw`^(-)?\s*(\$)?\s*(-)?\s*(${NUMBER_SOURCE})\s*(%|pp|ms|s)?$`)
/** Largest judge-score difference a tolerance may name: judge scores run from 1 to 5. */
export const MAX_JUDGE_POINTS = 4

/**
 * Parses a written tolerance (`10%`, `2pp`, `150ms`, `1.5s`, `$0.01`, `0.5`, `0.90`) for one guardrail.
 * `%` is relative to control under `max_increase` / `max_decrease` and a threshold under `min` / `max`;
 * `pp` is stored as a fraction (2pp = 0.02); seconds become milliseconds; the written text is kept.
 *
 * @param written - The value from the file or a CLI flag: a string, or a number as YAML parses `0.90`.
 * @param context - The metric and bound the tolerance belongs to.
 * @returns `{ ok: true, tolerance }`, or `{ ok: false, message }` naming the value and the forms that fit.
 * @example
 * parseTolerance('2pp', { metric: 'accuracy', bound: 'max_decrease' })
 * // { ok: true, tolerance: { kind: 'absolute', value: 0.02, unit: 'pp', text: '2pp' } }
 */
export function parseTolerance(written: unknown, context: ToleranceContext): ParseToleranceResult {
  const mismatch = describeBoundMismatch(context.metric, context.bound)
  if (mismatch !== undefined) return { ok: false, message: mismatch }
  const forms = GUARDRAIL_METRICS[context.metric].bounds[context.bound] ?? []
  const read = readWrittenTolerance(written)
  if (read === undefined) {
    const examples = listFormExamples(forms, context.bound)
    return { ok: false, message: `${describeValue(written)} is not a tolerance; write it like ${examples}` }
  }
  if (read.negative) {
    const positive = read.text.replace('-', '')
    return {
      ok: false,
      message: `${describeValue(written)} is negative; a tolerance is how far the candidate may regress, so write ${positive}`,
    }
  }
  if (!forms.includes(read.form)) return { ok: false, message: describeFormMismatch(read, written, context) }
  return buildTolerance(read, context)
}

function readWrittenTolerance(written: unknown): WrittenTolerance | undefined {
  if (typeof written === 'number') {
    if (!Number.isFinite(written)) return undefined
    const digits = String(Math.abs(written))
    const text = String(written)
    return { form: 'number', digits, amount: Math.abs(written), unit: '', negative: written < 0, text }
  }
  if (typeof written !== 'string') return undefined
  const text = written.trim()
  const match = WRITTEN_PATTERN.exec(text)
  if (match === null) return undefined
  const [, minusBefore, dollar, minusAfter, digits = '', rawUnit] = match
  const unit = rawUnit ?? ''
  if (dollar !== undefined && unit !== '') return undefined
  const negative = minusBefore !== undefined || minusAfter !== undefined
  return { form: formOf(dollar !== undefined, unit), digits, amount: Number(digits), unit, negative, text }
}

function formOf(dollar: boolean, unit: string): ToleranceForm {
  if (dollar) return 'usd'
  if (unit === '%') return 'percent'
  if (unit === 'pp') return 'pp'
  if (unit === 'ms' || unit === 's') return 'duration'
  return 'number'
}

function buildTolerance(read: WrittenTolerance, context: ToleranceContext): ParseToleranceResult {
  const tolerance = toTolerance(read, context.bound)
  const problem = checkToleranceRange(tolerance, context)
  return problem === undefined ? { ok: true, tolerance } : { ok: false, message: problem }
}

function toTolerance(read: WrittenTolerance, bound: GuardrailBound): Tolerance {
  const { text } = read
  if (bound === 'min' || bound === 'max') {
    const value = read.form === 'percent' ? scaleDecimal(read.digits, -2) : read.amount
    return { kind: 'threshold', value, text }
  }
  switch (read.form) {
    case 'percent':
      return { kind: 'relative', value: scaleDecimal(read.digits, -2), text }
    case 'pp':
      return { kind: 'absolute', value: scaleDecimal(read.digits, -2), unit: 'pp', text }
    case 'duration': {
      const value = read.unit === 's' ? scaleDecimal(read.digits, 3) : read.amount
      return { kind: 'absolute', value, unit: 'ms', text }
    }
    case 'usd':
      return { kind: 'absolute', value: read.amount, unit: 'usd', text }
    case 'number':
      return { kind: 'absolute', value: read.amount, unit: 'points', text }
  }
}

function checkToleranceRange(tolerance: Tolerance, context: ToleranceContext): string | undefined {
  const shown = describeValue(tolerance.text)
  const label = GUARDRAIL_METRICS[context.metric].label
  if (tolerance.kind === 'threshold') {
    if (tolerance.value <= 1) return undefined
    const limit = tolerance.text.endsWith('%') ? '100%' : '1'
    return `${shown} is above ${limit}; a ${label} threshold is a share in [0, 1]: write e.g. 0.90 or 90%`
  }
  if (tolerance.kind === 'relative') {
    return context.bound === 'max_decrease' && tolerance.value > 1
      ? `${shown} is more than 100%; ${label} cannot fall by more than all of it, so use at most 100%`
      : undefined
  }
  if (tolerance.unit === 'pp' && tolerance.value > 1) {
    return `${shown} is more than 100pp; a rate moves by at most 100 percentage points, so use at most 100pp`
  }
  if (tolerance.unit === 'points' && tolerance.value > MAX_JUDGE_POINTS) {
    return `${shown} is more than ${MAX_JUDGE_POINTS} points; judge scores run from 1 to 5, so use at most ${MAX_JUDGE_POINTS} (or a percentage such as 10%)`
  }
  return undefined
}

function describeFormMismatch(read: WrittenTolerance, written: unknown, context: ToleranceContext): string {
  const forms = GUARDRAIL_METRICS[context.metric].bounds[context.bound] ?? []
  const where = `${context.metric} (${context.bound})`
  if (read.form === 'number') {
    const examples = listFormExamples(forms, context.bound, read.digits)
    return `${describeValue(written)} has no unit, which ${where} needs; write ${examples}`
  }
  return `${describeValue(written)} does not fit ${where}; write ${listFormExamples(forms, context.bound)}`
}

/**
 * Lists the written forms a guardrail accepts, with a sample of each, for messages and editor help.
 *
 * @param context - The metric and bound.
 * @returns E.g. `10% (relative to control) or 150ms (milliseconds, or s for seconds)`.
 */
export function describeToleranceForms(context: ToleranceContext): string {
  return listFormExamples(GUARDRAIL_METRICS[context.metric].bounds[context.bound] ?? [], context.bound)
}

function listFormExamples(forms: readonly ToleranceForm[], bound: GuardrailBound, digits?: string): string {
  const threshold = bound === 'min' || bound === 'max'
  return forms
    .map((form) => {
      const sample = digits === undefined ? exampleOfForm(form, bound) : withDigits(form, digits)
      return `${sample} (${describeForm(form, threshold)})`
    })
    .join(' or ')
}

function withDigits(form: ToleranceForm, digits: string): string {
  switch (form) {
    case 'percent':
      return `${digits}%`
    case 'pp':
      return `${digits}pp`
    case 'duration':
      return `${digits}ms`
    case 'usd':
      return `$${digits}`
    case 'number':
      return digits
  }
}

function describeForm(form: ToleranceForm, threshold: boolean): string {
  switch (form) {
    case 'percent':
      return threshold ? 'a threshold' : 'relative to control'
    case 'pp':
      return 'percentage points'
    case 'duration':
      return 'milliseconds, or s for seconds'
    case 'usd':
      return 'US dollars'
    case 'number':
      return threshold ? 'a threshold in [0, 1]' : 'points on the 1–5 scale'
  }
}

/** Scales a decimal string by a power of ten without binary rounding on the way: `2` e-2 → 0.02. */
function scaleDecimal(digits: string, exponent: number): number {
  return Number(`${digits}e${exponent}`)
}

/**
 * Builds the JSON Schema `pattern` of the written forms a guardrail accepts, so editors flag a wrong form.
 *
 * @param forms - The tolerance forms of one metric and bound (see `GUARDRAIL_METRICS`).
 * @returns An ECMAScript regular expression source: one alternative per form, whitespace allowed around.
 */
export function describeTolerancePattern(forms: readonly ToleranceForm[]): string {
  return String.raw`^\s*(?:${forms.map(patternOfForm).join('|')})\s*$`
}

function patternOfForm(form: ToleranceForm): string {
  switch (form) {
    case 'percent':
      return String.raw`${NUMBER_SOURCE}\s*%`
    case 'pp':
      return String.raw`${NUMBER_SOURCE}\s*pp`
    case 'duration':
      return String.raw`${NUMBER_SOURCE}\s*(?:ms|s)`
    case 'usd':
      return String.raw`\$\s*${NUMBER_SOURCE}`
    case 'number':
      return NUMBER_SOURCE
  }
}
