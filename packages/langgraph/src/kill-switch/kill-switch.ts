import type { Experiment } from '@llm-canary/core'
import { diag } from '@opentelemetry/api'
import type { CallOutcome } from '../types.ts'
import { assertWatchedArm, checkKillSwitchOptions } from './check-options.ts'
import { findTrip } from './find-trip.ts'
import type { KillSwitch, KillSwitchOptions, KillSwitchTrip } from './kill-switch-types.ts'
import type { OutcomeWindow } from './outcome-window.ts'
import { createOutcomeWindow } from './outcome-window.ts'
import { createTripListeners } from './trip-listeners.ts'

/** The arm core treats as control (`Arm.isControl`), when no experiment is known yet. */
const CONTROL_ARM = 'control'
/** Windows kept at most (one per candidate arm seen); protects memory from stray arm names. */
const MAX_WINDOWS = 32

/**
 * Builds a kill switch: a rolling window of each watched candidate's call outcomes (ring buffer,
 * bounded by `windowCalls` and `windowMs`). When a window with at least `minCalls` calls has an
 * error rate above `maxErrorRate` or a P95 latency (type 7 quantile, as the gate computes it) above
 * `maxLatencyP95Ms`, the switch trips: it records why, logs `diag.warn` once, calls the `onTrip`
 * listeners, and diverts new sessions of every watched candidate to control (`killSwitch: true` on
 * their `UnitArm`). Sessions already assigned keep their arm. It stays tripped until `reset()` or
 * a config change (a new experiment object via `useExperiment`).
 *
 * Shadow calls count: they are the candidate's model on real inputs, and in the shadow phase
 * (weight 0) they are its only traffic; a tripped switch also stops new shadow calls. Calls served
 * by control (out-of-scope agents of candidate sessions) do not count.
 *
 * @param options - Window size, bounds and, optionally, the arm, experiment and clock.
 * @returns The switch; give `observe` to the handler and the switch to the router or middleware.
 * @throws {CanaryError} `INVALID_OPTION` when a size or bound is out of range, or no bound is set.
 * @example
 * const killSwitch = createKillSwitch({ windowCalls: 200, windowMs: 300_000, minCalls: 20, maxErrorRate: 0.2 })
 * const router = createRouterNode({ experiment, hashKey, killSwitch })
 * const handler = new LlmCanaryHandler({ experiment, hashKey, observers: [killSwitch.observe] })
 */
export function createKillSwitch(options: KillSwitchOptions): KillSwitch {
  checkKillSwitchOptions(options)
  const nowMs = options.nowMs ?? Date.now
  const windows = new Map<string, OutcomeWindow>()
  const listeners = createTripListeners()
  let experiment: Experiment | undefined = options.experiment
  let trip: KillSwitchTrip | undefined

  const watches = (arm: string): boolean => {
    if (options.arm !== undefined && options.arm !== arm) return false
    if (experiment === undefined) return arm !== CONTROL_ARM
    return experiment.candidates.some((candidate) => candidate.name === arm)
  }

  const windowOf = (arm: string): OutcomeWindow | undefined => {
    let window = windows.get(arm)
    if (window === undefined && windows.size < MAX_WINDOWS) {
      window = createOutcomeWindow(options.windowCalls)
      windows.set(arm, window)
    }
    return window
  }

  const record = (outcome: CallOutcome): void => {
    if (trip !== undefined || !watches(outcome.servedArm)) return
    if (experiment !== undefined && outcome.experiment !== experiment.id) return
    const window = windowOf(outcome.servedArm)
    if (window === undefined) return
    const atMs = nowMs()
    window.add(atMs, outcome.latencyMs, outcome.error)
    window.dropUntil(atMs - options.windowMs)
    trip = findTrip({ options, arm: outcome.servedArm, summary: window.summarize(), atMs })
    if (trip !== undefined) listeners.notify(trip)
  }

  const reset = (): void => {
    trip = undefined
    windows.clear()
  }

  return {
    observe: (outcome) => {
      try {
        record(outcome)
      } catch (err) {
        diag.error(`llm-canary kill switch: could not record a call outcome: ${String(err)}`)
      }
    },
    isTripped: () => trip !== undefined,
    get trippedAt() {
      return trip?.trippedAt
    },
    get reason() {
      return trip?.reason
    },
    get trip() {
      return trip
    },
    reset,
    onTrip: (listener) => listeners.add(listener),
    diverts: (arm) => trip !== undefined && watches(arm),
    useExperiment(next) {
      if (next === experiment) return
      assertWatchedArm(options.arm, next)
      experiment = next
      reset()
    },
  }
}
