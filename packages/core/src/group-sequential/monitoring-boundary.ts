import { requireFinite, requireOpenUnit } from '../stats/argument-checks.ts'
import { normalQuantile } from '../stats/distributions.ts'
import { normalLowerTail, normalUpperTail } from './normal-tails.ts'

/**
 * The boundary the verdict uses when the experiment has a horizon: the Lan–DeMets O'Brien–Fleming-type
 * α-spending boundary under **continuous monitoring**, one-sided at level a.
 *
 * With B(t) = Z(t)·√t Brownian motion in information time (t = 1 at the horizon), the reflection
 * principle gives P(max_{s ≤ t} B(s) ≥ c) = 2 − 2Φ(c/√t), which is exactly the O'Brien–Fleming-type
 * spending function α*(t) = 2 − 2Φ(z_{1−a/2}/√t) when c = z_{1−a/2}. So the continuous-monitoring
 * boundary of that spending function is the constant c on the B scale, Z(t) ≥ z_{1−a/2}/√t: it spends
 * exactly α*(t) by every t, and any schedule of looks — however many, wherever they fall, chosen from
 * the data or not — crosses it with probability at most a by the horizon. The recursion of
 * `computeSpendingBoundaries({ continuous: true })` reproduces this constant (to ~1e-6); this closed form
 * is its limit, so a look costs microseconds and needs no cache.
 *
 * Past the horizon (t > 1) the design has spent its α: it decides nothing more (the verdict then asks a
 * person), so the guarantee covers every look the gate can take. The price of validity under continuous
 * monitoring, against one look at the horizon, is the final critical value z_{1−a/2} instead of z_{1−a}
 * (2.24 instead of 1.96 at a = 0.025). Under truly continuous looks that costs ~6.5% more units for the
 * same power (`computeMonitoringInflation`); with a few dozen looks the power falls short of that, so the
 * plan sizes for the look at the horizon alone ((z_{1−a/2} + z_power)² / (z_{1−a} + z_power)², ~1.21 at
 * a = 0.025), a power no schedule that looks at the horizon can lose.
 */

/**
 * The Z-scale critical value of the continuous-monitoring O'Brien–Fleming-type boundary at information t:
 * z_{1−a/2}/√t for 0 < t ≤ 1.
 *
 * @param level - One-sided level a, in (0, 1).
 * @param t - Information fraction; above 1 the horizon's value (the design decides nothing there, but
 *   the interval keeps its last width); 0 or less gives Infinity.
 * @returns The critical value.
 * @throws {CoreError} `INVALID_ARGUMENT` for a level outside (0, 1) or a t that is NaN.
 * @example computeMonitoringCriticalValue(0.025, 0.25) // ≈ 4.483 (2.2414 / √0.25)
 */
export function computeMonitoringCriticalValue(level: number, t: number): number {
  requireOpenUnit('level', level)
  if (Number.isNaN(t)) requireFinite('t', t)
  if (!(t > 0)) return Number.POSITIVE_INFINITY
  return -normalQuantile(level / 2) / Math.sqrt(Math.min(1, t))
}

/**
 * The repeated p-value of the one-sided test (Jennison & Turnbull 2000, §9.4): the smallest level a at
 * which Z has crossed the continuous-monitoring boundary at information t, min(1, 2Φ(−Z·√t)). It is valid
 * at any stopping time up to the horizon (P(p ≤ a at some t ≤ 1) ≤ a), and p ≤ a exactly when
 * Z ≥ `computeMonitoringCriticalValue(a, t)`.
 *
 * @param z - The standardised statistic, positive in the direction tested.
 * @param t - Information fraction in (0, 1] (larger values are read as 1; 0 or less gives 1).
 * @returns The one-sided repeated p-value.
 * @example computeMonitoringPValue(4.483, 0.25) // ≈ 0.025
 */
export function computeMonitoringPValue(z: number, t: number): number {
  if (!(t > 0) || Number.isNaN(z)) return 1
  return Math.min(1, 2 * normalUpperTail(z * Math.sqrt(Math.min(1, t))))
}

/**
 * Probability that B(t) + μt crosses the continuous-monitoring boundary by the horizon:
 * P(max_{t ≤ 1} W(t) + μt ≥ c) = Φ(μ − c) + e^{2μc}·Φ(−μ − c) with c = z_{1−a/2} (first passage of
 * Brownian motion with drift).
 *
 * @param drift - μ = (effect / standard error at the horizon).
 * @param level - One-sided level a, in (0, 1).
 * @returns The power.
 */
export function computeMonitoringPower(drift: number, level: number): number {
  requireFinite('drift', drift)
  const c = -normalQuantile(level / 2)
  const reflected = normalLowerTail(-drift - c)
  return Math.min(
    1,
    normalLowerTail(drift - c) + (reflected === 0 ? 0 : Math.exp(2 * drift * c + Math.log(reflected))),
  )
}

/**
 * How many times the units of a single look at the horizon the continuous-monitoring design needs for
 * the same power: (μ / (z_{1−a} + z_power))², μ the drift at which `computeMonitoringPower` equals the
 * power, under truly continuous monitoring (an upper bound on the power of any schedule of looks). About
 * 1.065 at a = 0.025 and power 0.8.
 *
 * @param level - One-sided level a, in (0, 1).
 * @param power - Planned power, in (0, 1).
 * @returns The inflation factor, above 1.
 * @throws {CoreError} `INVALID_ARGUMENT` for a level or power outside (0, 1).
 * @example computeMonitoringInflation(0.025, 0.8) // ≈ 1.065
 */
export function computeMonitoringInflation(level: number, power: number): number {
  requireOpenUnit('level', level)
  requireOpenUnit('power', power)
  let lo = 0
  let hi = 40
  for (let i = 0; i < 200 && hi - lo > 1e-12; i += 1) {
    const mid = (lo + hi) / 2
    if (computeMonitoringPower(mid, level) < power) lo = mid
    else hi = mid
  }
  const fixed = -normalQuantile(level) + normalQuantile(power)
  return fixed > 0 ? Math.max(1, (hi / fixed) ** 2) : 1
}
