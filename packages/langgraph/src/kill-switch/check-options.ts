import type { Experiment } from '@llm-canary/core'
import { CanaryError } from '../errors.ts'
import type { KillSwitchOptions } from './kill-switch-types.ts'

/** Largest `windowCalls` accepted: a window is a few typed arrays of this length. */
const MAX_WINDOW_CALLS = 100_000

/**
 * Checks the sizes and bounds of a kill switch.
 *
 * @param options - The options given to `createKillSwitch`.
 * @throws {CanaryError} `INVALID_OPTION` naming the first option out of range and what to set.
 */
export function checkKillSwitchOptions(options: KillSwitchOptions): void {
  const { windowCalls, windowMs, minCalls, maxErrorRate, maxLatencyP95Ms, arm } = options
  if (!Number.isInteger(windowCalls) || windowCalls < 1 || windowCalls > MAX_WINDOW_CALLS) {
    fail(
      `windowCalls is ${String(windowCalls)}; set a whole number of calls in [1, ${MAX_WINDOW_CALLS}], e.g. 200`,
    )
  }
  if (!Number.isFinite(windowMs) || windowMs <= 0) {
    fail(`windowMs is ${String(windowMs)}; set a positive duration in ms, e.g. 300000 (5 minutes)`)
  }
  if (!Number.isInteger(minCalls) || minCalls < 1 || minCalls > windowCalls) {
    fail(`minCalls is ${String(minCalls)}; set a whole number in [1, windowCalls = ${windowCalls}], e.g. 20`)
  }
  if (maxErrorRate === undefined && maxLatencyP95Ms === undefined) {
    fail('neither maxErrorRate nor maxLatencyP95Ms is set; set at least one bound, e.g. maxErrorRate: 0.2')
  }
  if (maxErrorRate !== undefined && !(maxErrorRate >= 0 && maxErrorRate < 1)) {
    fail(`maxErrorRate is ${String(maxErrorRate)}; set a fraction in [0, 1), e.g. 0.2 for 20%`)
  }
  if (maxLatencyP95Ms !== undefined && !(Number.isFinite(maxLatencyP95Ms) && maxLatencyP95Ms > 0)) {
    fail(`maxLatencyP95Ms is ${String(maxLatencyP95Ms)}; set a positive latency in ms, e.g. 8000`)
  }
  if (arm !== undefined && (typeof arm !== 'string' || arm.length === 0)) {
    fail(`arm is ${JSON.stringify(arm)}; name a candidate arm, or omit it to watch every candidate`)
  }
  if (options.experiment !== undefined) assertWatchedArm(arm, options.experiment)
}

/**
 * Checks that the arm a kill switch watches is a candidate of the experiment.
 *
 * @param arm - The watched arm; undefined (every candidate) always passes.
 * @param experiment - The experiment.
 * @throws {CanaryError} `INVALID_OPTION` naming the arm and the experiment's candidates.
 */
export function assertWatchedArm(arm: string | undefined, experiment: Experiment): void {
  if (arm === undefined || experiment.candidates.some((candidate) => candidate.name === arm)) return
  const candidates = experiment.candidates.map((candidate) => candidate.name)
  fail(
    `arm ${JSON.stringify(arm)} is not a candidate of experiment ${JSON.stringify(experiment.id)} ` +
      `(candidates: ${candidates.join(', ') || 'none'}); set arm to one of them, or omit it to watch every candidate`,
  )
}

function fail(message: string): never {
  throw new CanaryError('INVALID_OPTION', `kill switch: ${message}`)
}
