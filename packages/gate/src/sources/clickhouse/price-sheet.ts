import type { Experiment, Pricer, TokenUsage } from '@llm-canary/core'
import { createPricer } from '@llm-canary/core'
import type { ModelNames } from '../../analysis/cost-resolver.ts'
import { createModelChooser } from '../../analysis/cost-resolver.ts'
import type { UnitExpr } from '../../analysis/unit-expressions.ts'
import {
  compileUnitExpr,
  constant,
  input,
  minus,
  over,
  plus,
  times,
} from '../../analysis/unit-expressions.ts'

/**
 * The price of one model over one time range and one band of input sizes, in USD per million tokens
 * (the form of experiment `pricing:` overrides), plus a per-request fee.
 */
interface PriceRule {
  /** 1-based index of the model names in `PriceSheet.models`. */
  readonly model: number
  /** Valid from (inclusive) and until (exclusive), epoch microseconds. */
  readonly fromMicros: number
  readonly toMicros: number
  /** Applies to calls with more input tokens than this (-1: all); a model's higher bands come first. */
  readonly inputAbove: number
  readonly inputPerMTok: number
  readonly cacheReadPerMTok: number
  readonly cacheWritePerMTok: number
  readonly outputPerMTok: number
  readonly reasoningPerMTok: number
  readonly requestUsd: number
}

/** Every price the query needs: the model names seen in the window and their rules. */
export interface PriceSheet {
  readonly models: readonly ModelNames[]
  readonly rules: readonly PriceRule[]
  /** Model ids whose table price could not be written as rules (their token-priced calls cost unknown). */
  readonly unwritable: readonly string[]
}

const usage = (name: string): UnitExpr => input(`usage.${name}`)
const price = (name: string): UnitExpr => input(`price.${name}`)
const MILLION = constant(1_000_000)
const perMillion = (tokens: UnitExpr, perMTok: UnitExpr): UnitExpr => over(times(tokens, perMTok), MILLION)

/**
 * What a call costs under a rule (inputs `usage.input`, `usage.cacheRead`, `usage.cacheWrite`,
 * `usage.output`, `usage.reasoning`, and the rule's `price.*`): each token billed once, in its own part, in
 * the order core's override pricing adds them, so an override prices to the same double.
 */
export const RULE_COST: UnitExpr = plus(
  plus(
    price('requestUsd'),
    plus(
      plus(
        perMillion(
          minus(minus(usage('input'), usage('cacheRead')), usage('cacheWrite')),
          price('inputPerMTok'),
        ),
        perMillion(usage('cacheRead'), price('cacheReadPerMTok')),
      ),
      perMillion(usage('cacheWrite'), price('cacheWritePerMTok')),
    ),
  ),
  plus(
    perMillion(minus(usage('output'), usage('reasoning')), price('outputPerMTok')),
    perMillion(usage('reasoning'), price('reasoningPerMTok')),
  ),
)

type Prices = Omit<PriceRule, 'model' | 'fromMicros' | 'toMicros' | 'inputAbove'>

const ruleCost = compileUnitExpr(RULE_COST, (name) => {
  const [group, key] = name.split('.') as ['usage' | 'price', string]
  return (context: { readonly usage: Required<TokenUsage>; readonly prices: Prices }) =>
    group === 'price'
      ? context.prices[key as keyof Prices]
      : context.usage[`${key}Tokens` as keyof Required<TokenUsage>]
})

/** Relative agreement required between a rule and the price table on every probe. */
const TOLERANCE = 1e-9
/** Time steps checked for a price change (a date change, an off-peak window). */
const MAX_TIME_STEPS = 2_000
const MIN_TIME_STEP_MS = 15 * 60_000
/** Input sizes a rule is checked at: past the usual tier starts (128k, 200k, 272k) and up to 100M tokens. */
const INPUT_LADDER = [1_000, 32_000, 128_001, 200_001, 272_001, 1_000_001, 10_000_000, 100_000_000]
const MAX_BANDS = 8

/**
 * Writes the prices of the models seen in a window as rules the query can apply, with core's pricer as
 * the one source of prices: an experiment override is copied as is (exact); a price-table model is read
 * off the pricer at probe usages, split where its price changes over the window (dates, off-peak hours)
 * or with the input size (tiers), and every rule is checked against the pricer at input sizes up to 100M
 * tokens. A model the rules cannot reproduce within 1e-9 is listed in `unwritable`.
 *
 * @param experiment - The experiment (its `pricing:` overrides).
 * @param models - The distinct model names of the window's LLM calls.
 * @param window - The analysis window, epoch ms.
 * @returns The sheet.
 */
export function buildPriceSheet(
  experiment: Experiment,
  models: readonly ModelNames[],
  window: { readonly sinceMs: number; readonly untilMs: number },
): PriceSheet {
  const pricer = createPricer({ overrides: experiment.pricing })
  const choose = createModelChooser(experiment, pricer)
  const rules: PriceRule[] = []
  const unwritable = new Set<string>()
  const byChoice = new Map<string, readonly Omit<PriceRule, 'model'>[] | undefined>()
  models.forEach((names, index) => {
    const choice = choose(names)
    if (choice === undefined) return
    if (!byChoice.has(choice)) byChoice.set(choice, writeRules(experiment, pricer, choice, window))
    const written = byChoice.get(choice)
    if (written === undefined) {
      if (pricer.estimateCost(choice, {}).source !== 'unknown') unwritable.add(choice)
      return
    }
    for (const rule of written) rules.push({ model: index + 1, ...rule })
  })
  return { models, rules, unwritable: [...unwritable] }
}

/** The rules of one model id, or undefined when it has no price (or none the rules can reproduce). */
function writeRules(
  experiment: Experiment,
  pricer: Pricer,
  modelId: string,
  window: { readonly sinceMs: number; readonly untilMs: number },
): Omit<PriceRule, 'model'>[] | undefined {
  const fromMicros = window.sinceMs * 1000
  const toMicros = window.untilMs * 1000
  const override = experiment.pricing[modelId]
  if (override !== undefined) {
    return [
      {
        fromMicros,
        toMicros,
        inputAbove: -1,
        inputPerMTok: override.inputPerMTokUsd,
        cacheReadPerMTok: override.cacheReadPerMTokUsd ?? override.inputPerMTokUsd,
        cacheWritePerMTok: override.cacheWritePerMTokUsd ?? override.inputPerMTokUsd,
        outputPerMTok: override.outputPerMTokUsd,
        reasoningPerMTok: override.reasoningPerMTokUsd ?? override.outputPerMTokUsd,
        requestUsd: 0,
      },
    ]
  }
  if (pricer.estimateCost(modelId, {}).source === 'unknown') return undefined
  const cost = (tokens: Required<TokenUsage>, atMs: number): number =>
    pricer.estimateCost(modelId, tokens, { atUnixMs: atMs }).costUsd ?? Number.NaN
  const rules: Omit<PriceRule, 'model'>[] = []
  for (const [startMs, endMs] of priceSegments(cost, window)) {
    const bands = fitBands(cost, startMs)
    if (bands === undefined) return undefined
    for (const band of bands) {
      rules.push({ fromMicros: startMs * 1000, toMicros: endMs * 1000, ...band })
    }
  }
  return rules
}

/** A composite usage at an input size: every kind of token, so a change of any price shows. */
function composite(inputTokens: number): Required<TokenUsage> {
  return {
    inputTokens,
    cacheReadTokens: Math.floor(inputTokens / 4),
    cacheWriteTokens: Math.floor(inputTokens / 8),
    outputTokens: 2_000,
    reasoningTokens: 500,
  }
}

type CostAt = (tokens: Required<TokenUsage>, atMs: number) => number

/** The time ranges over which the model's prices do not change, found by stepping through the window. */
function priceSegments(
  cost: CostAt,
  window: { readonly sinceMs: number; readonly untilMs: number },
): [number, number][] {
  const signature = (atMs: number): string =>
    [1_000, 150_001, 300_001].map((tokens) => cost(composite(tokens), atMs)).join(',')
  const step = Math.max(MIN_TIME_STEP_MS, Math.ceil((window.untilMs - window.sinceMs) / MAX_TIME_STEPS))
  const changes: number[] = []
  const lastMs = Math.max(window.sinceMs, window.untilMs - 1)
  let previousMs = window.sinceMs
  let previous = signature(previousMs)
  while (previousMs < lastMs) {
    const atMs = Math.min(previousMs + step, lastMs)
    const current = signature(atMs)
    if (current !== previous) {
      // Bisect to the millisecond the price changes.
      let low = previousMs
      let high = atMs
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2)
        if (signature(middle) === previous) low = middle
        else high = middle
      }
      changes.push(high)
    }
    previousMs = atMs
    previous = current
  }
  const bounds = [window.sinceMs, ...changes, window.untilMs]
  return bounds.slice(1).map((end, index) => [bounds[index] ?? window.sinceMs, end])
}

/** The bands of input sizes with one price each, at one time, highest band first; undefined past `MAX_BANDS`. */
function fitBands(
  cost: CostAt,
  atMs: number,
): Omit<PriceRule, 'model' | 'fromMicros' | 'toMicros'>[] | undefined {
  const bands: Omit<PriceRule, 'model' | 'fromMicros' | 'toMicros'>[] = []
  let inputAbove = -1
  while (bands.length < MAX_BANDS) {
    const prices = fitPrices(cost, atMs, Math.max(1_000, inputAbove + 1))
    bands.unshift({ inputAbove, ...prices })
    const agrees = (tokens: number): boolean => {
      const table = cost(composite(tokens), atMs)
      const rule = ruleCost({ usage: composite(tokens), prices }) ?? Number.NaN
      return Math.abs(rule - table) <= TOLERANCE * Math.max(Math.abs(table), 1e-9)
    }
    const failing = INPUT_LADDER.find((tokens) => tokens > inputAbove && !agrees(tokens))
    if (failing === undefined) return bands
    // The largest size the band still prices right is where the next band starts.
    let low = Math.max(inputAbove + 1, 0)
    if (!agrees(low)) return undefined
    let high = failing
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2)
      if (agrees(middle)) low = middle
      else high = middle
    }
    inputAbove = low
  }
  return undefined
}

/** The prices of the band starting at `atTokens` input tokens, read off the table with probe usages. */
function fitPrices(cost: CostAt, atMs: number, atTokens: number): Prices {
  const at = (tokens: Partial<Required<TokenUsage>>): number =>
    cost(
      {
        inputTokens: atTokens,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 0,
        reasoningTokens: 0,
        ...tokens,
      },
      atMs,
    )
  const step = 1_000
  const base = at({})
  const inputPerMTok = tidy(((at({ inputTokens: atTokens + step }) - base) / step) * 1e6)
  const outputPerMTok = tidy(at({ outputTokens: 1_000_000 }) - base)
  return {
    inputPerMTok,
    cacheReadPerMTok: tidy(inputPerMTok + ((at({ cacheReadTokens: atTokens }) - base) * 1e6) / atTokens),
    cacheWritePerMTok: tidy(inputPerMTok + ((at({ cacheWriteTokens: atTokens }) - base) * 1e6) / atTokens),
    outputPerMTok,
    reasoningPerMTok: tidy(
      outputPerMTok +
        (at({ outputTokens: 1_000_000, reasoningTokens: 1_000_000 }) - at({ outputTokens: 1_000_000 })),
    ),
    requestUsd: tidy(base - (atTokens * inputPerMTok) / 1e6, 1e-12),
  }
}

/** Rounds a fitted price to the decimal it was written as (prices have few significant digits). */
function tidy(value: number, floor = 0): number {
  if (Math.abs(value) <= floor) return 0
  return Number(value.toPrecision(12))
}
