/**
 * What the analysis accepts as a real measurement. A value beyond these bounds is not a slow call or an
 * expensive one: it is a broken clock, a unit mix-up, a corrupted or forged span. Such a value is
 * *implausible*: it is set aside (never summed), counted, and named in every report, so one bad span can
 * neither decide a guardrail nor abort the analysis (docs/spans.md, "Implausible values").
 */
export const PLAUSIBILITY_LIMITS = {
  /** Longest span: a call, an agent invocation or a graph run lasting more than a day. */
  maxDurationMs: 86_400_000,
  /** Highest cost of one LLM call or one run, in USD. */
  maxCostUsd: 10_000,
  /** Largest token count of one call: ten times the longest context window any model offers. */
  maxTokens: 100_000_000,
  /** A recorded USD cost further than this factor from its tokens priced by the price table. */
  costVersusTokensFactor: 20,
  /** A session's latency, TTFT or cost per call more than this many times its arm's median. */
  outlierFactor: 1_000,
  /** Sessions an arm needs before its median is trusted to judge outliers. */
  outlierMinUnits: 20,
} as const

/** Why a value was found implausible. */
export type ImplausibleReason =
  | 'duration'
  | 'ttft'
  | 'cost'
  | 'tokens'
  | 'cost-versus-tokens'
  | 'latency-outlier'
  | 'ttft-outlier'
  | 'cost-outlier'

const REASON_TEXT: Readonly<Record<ImplausibleReason, string>> = {
  duration: `span(s) lasting over ${PLAUSIBILITY_LIMITS.maxDurationMs / 3_600_000} h (skipped whole)`,
  ttft: `time(s) to first chunk over ${PLAUSIBILITY_LIMITS.maxDurationMs / 3_600_000} h`,
  cost: `cost(s) over $${PLAUSIBILITY_LIMITS.maxCostUsd.toLocaleString('en-US')} for one call or run`,
  tokens: `token count(s) over ${PLAUSIBILITY_LIMITS.maxTokens.toLocaleString('en-US')} (no model reads that many)`,
  'cost-versus-tokens': `recorded cost(s) more than ${PLAUSIBILITY_LIMITS.costVersusTokensFactor}× off what their tokens cost at the price table (the token price was used)`,
  'latency-outlier': `session latenc(ies) over ${PLAUSIBILITY_LIMITS.outlierFactor.toLocaleString('en-US')}× their arm's median`,
  'ttft-outlier': `session TTFT(s) over ${PLAUSIBILITY_LIMITS.outlierFactor.toLocaleString('en-US')}× their arm's median`,
  'cost-outlier': `session cost(s) per call over ${PLAUSIBILITY_LIMITS.outlierFactor.toLocaleString('en-US')}× their arm's median`,
}

/**
 * Counts implausible values by reason and by arm. The extraction sets `arm` to the arm of the span it is
 * reading, so readers deep in the call chain (the cost resolver) count against the right arm.
 *
 * @example
 * const implausible = new ImplausibleTally(experiment.arms.length)
 * implausible.arm = 1
 * implausible.add('cost')
 * implausible.inArms([1]) // 1
 */
export class ImplausibleTally {
  /** The arm (index in `experiment.arms`) of the span being read. */
  arm = -1
  private readonly byReason = new Map<ImplausibleReason, number>()
  private readonly byArm: number[]

  /**
   * @param arms - Number of arms in the experiment.
   */
  constructor(arms: number) {
    this.byArm = new Array<number>(arms).fill(0)
  }

  /** Implausible values found so far. */
  get total(): number {
    let sum = 0
    for (const count of this.byReason.values()) sum += count
    return sum
  }

  /**
   * Counts one implausible value of the current arm (or of `arm`).
   *
   * @param reason - Why it is implausible.
   * @param arm - The arm, when it is not the current one.
   * @param count - How many such values (default 1).
   */
  add(reason: ImplausibleReason, arm: number = this.arm, count = 1): void {
    this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + count)
    if (arm >= 0 && arm < this.byArm.length) this.byArm[arm] = (this.byArm[arm] ?? 0) + count
  }

  /**
   * Implausible values found in some arms.
   *
   * @param arms - Arm indices.
   * @returns Their total.
   */
  inArms(arms: readonly number[]): number {
    let sum = 0
    for (const arm of arms) sum += this.byArm[arm] ?? 0
    return sum
  }

  /**
   * The report's warning: one sentence with every reason and its count.
   *
   * @returns The warning, or undefined when every value was plausible.
   */
  describe(): string | undefined {
    const total = this.total
    if (total === 0) return undefined
    // In the table's order, not the order met: the same values give the same sentence whatever the source.
    const parts = (Object.keys(REASON_TEXT) as ImplausibleReason[])
      .filter((reason) => (this.byReason.get(reason) ?? 0) > 0)
      .map((reason) => `${this.byReason.get(reason)} ${REASON_TEXT[reason]}`)
    return (
      `${total} implausible value(s) set aside, so they decide nothing: ${parts.join('; ')} ` +
      '(a broken clock, a unit mix-up or a corrupted span; docs/spans.md, "Implausible values")'
    )
  }
}

/**
 * Tells whether a token count is beyond any model.
 *
 * @param tokens - A whole number of tokens.
 * @returns True when it is implausible.
 */
export function isImplausibleTokenCount(tokens: number): boolean {
  return tokens > PLAUSIBILITY_LIMITS.maxTokens
}

/**
 * Tells whether a recorded USD cost disagrees with what its tokens cost at the price table by more than
 * `costVersusTokensFactor`, either way. Nothing is compared when the tokens price to 0 (a free model).
 *
 * @param recordedUsd - `gen_ai.usage.cost.amount`, in USD.
 * @param pricedUsd - The tokens priced by the price table.
 * @returns True when the recorded cost is implausible.
 */
export function isCostFarFromTokens(recordedUsd: number, pricedUsd: number): boolean {
  if (!(pricedUsd > 0)) return false
  const factor = PLAUSIBILITY_LIMITS.costVersusTokensFactor
  return recordedUsd > pricedUsd * factor || recordedUsd < pricedUsd / factor
}
