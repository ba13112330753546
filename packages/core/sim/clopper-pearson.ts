/**
 * The Clopper–Pearson ("exact") confidence interval of a binomial proportion, for the rates the simulations
 * report. Core exports no beta quantile, so the bounds are found by inverting the binomial tails directly:
 * the lower bound p_L solves P(X ≥ x | p_L) = (1 − level)/2 and the upper bound p_U solves
 * P(X ≤ x | p_U) = (1 − level)/2, which is the beta-quantile form Beta((1 − level)/2; x, n − x + 1) and
 * Beta((1 + level)/2; x + 1, n − x). Reference: Clopper & Pearson (1934), Biometrika 26.
 */

/** A proportion with its interval. */
export interface ProportionInterval {
  readonly lower: number
  readonly upper: number
}

/**
 * The two-sided Clopper–Pearson interval of a proportion.
 *
 * @param successes - Events observed, 0 ≤ successes ≤ trials.
 * @param trials - Trials, ≥ 1.
 * @param level - Confidence level in (0, 1); default 0.95.
 * @returns The bounds, 0 when there is no event and 1 when every trial is one.
 * @throws {Error} For counts that are not whole numbers in range or a level outside (0, 1).
 * @example computeClopperPearsonInterval(0, 10) // { lower: 0, upper: 0.3085 } (1 − 0.025^(1/10))
 */
export function computeClopperPearsonInterval(
  successes: number,
  trials: number,
  level = 0.95,
): ProportionInterval {
  if (!(Number.isSafeInteger(trials) && trials >= 1 && Number.isSafeInteger(successes))) {
    throw new Error(
      `computeClopperPearsonInterval got ${successes} of ${trials}; pass whole counts, trials ≥ 1`,
    )
  }
  if (successes < 0 || successes > trials || !(level > 0 && level < 1)) {
    throw new Error(
      `computeClopperPearsonInterval got ${successes} of ${trials} at level ${level}; need 0 ≤ successes ≤ trials and a level in (0, 1)`,
    )
  }
  const tail = (1 - level) / 2
  const lower =
    successes === 0 ? 0 : solveMonotone((p) => 1 - binomialCdf(successes - 1, trials, p), tail, true)
  const upper =
    successes === trials ? 1 : solveMonotone((p) => binomialCdf(successes, trials, p), tail, false)
  return { lower, upper }
}

/**
 * P(X ≤ k) for X ~ Binomial(n, p), summing the probabilities in log space (each term from the previous one,
 * so n in the thousands neither underflows nor needs a log-gamma).
 *
 * @param k - Largest count included, 0 ≤ k < n.
 * @param n - Trials.
 * @param p - Success probability in (0, 1).
 * @returns The lower tail.
 */
function binomialCdf(k: number, n: number, p: number): number {
  const logOdds = Math.log(p) - Math.log1p(-p)
  let logTerm = n * Math.log1p(-p)
  const logTerms = [logTerm]
  for (let i = 0; i < k; i += 1) {
    logTerm += Math.log((n - i) / (i + 1)) + logOdds
    logTerms.push(logTerm)
  }
  const largest = Math.max(...logTerms)
  const sum = logTerms.reduce((total, term) => total + Math.exp(term - largest), 0)
  return Math.min(1, Math.exp(largest) * sum)
}

/**
 * Solves f(p) = target on (0, 1) by bisection, f monotone: increasing when `increasing`, else decreasing.
 *
 * @returns The root, to about 1e-15.
 */
function solveMonotone(f: (p: number) => number, target: number, increasing: boolean): number {
  let lo = 0
  let hi = 1
  for (let i = 0; i < 200 && hi - lo > 1e-15; i += 1) {
    const mid = (lo + hi) / 2
    const above = f(mid) > target
    if (above === increasing) hi = mid
    else lo = mid
  }
  return (lo + hi) / 2
}
