import type { Experiment } from '@llm-canary/core'
import type { CallObserver } from '../types.ts'

/** Options of `createKillSwitch`. At least one of `maxErrorRate` and `maxLatencyP95Ms` is required. */
export interface KillSwitchOptions {
  /** The candidate arm to watch; every candidate when omitted (each in its own window). */
  readonly arm?: string
  /** Most calls per window (ring buffer size): bounds memory. */
  readonly windowCalls: number
  /** Calls older than this leave the window. */
  readonly windowMs: number
  /** Calls a window needs before it can trip (so two early errors do not trip it). */
  readonly minCalls: number
  /** Trips when the window's error rate is above this fraction (0.2 = 20%). */
  readonly maxErrorRate?: number
  /** Trips when the window's P95 latency is above this. */
  readonly maxLatencyP95Ms?: number
  /** The experiment to watch; the router and middleware set it when built (see `useExperiment`). */
  readonly experiment?: Experiment
  /** The clock, ms since the epoch; `Date.now` by default (inject one in tests). */
  readonly nowMs?: () => number
}

/** Why and when a kill switch tripped. */
export interface KillSwitchTrip {
  /** The candidate whose window crossed a bound. */
  readonly arm: string
  /** What crossed which bound, in words. */
  readonly reason: string
  readonly trippedAt: Date
  /** Calls in the window when it tripped. */
  readonly calls: number
  readonly errorRate: number
  /** P95 latency of the window, when any call had a known latency. */
  readonly latencyP95Ms: number | undefined
}

/** A local circuit breaker on candidate arms; see `createKillSwitch`. */
export interface KillSwitch {
  /** Feed it every finished LLM call (pass it to the handler as a `CallObserver`). Never throws. */
  readonly observe: CallObserver
  /** @returns True from the trip until `reset()` or a config change. */
  isTripped(): boolean
  /** When it tripped; undefined while it is not tripped. */
  readonly trippedAt: Date | undefined
  /** Why it tripped; undefined while it is not tripped. */
  readonly reason: string | undefined
  /** The whole trip record; undefined while it is not tripped. */
  readonly trip: KillSwitchTrip | undefined
  /** Closes the switch again and empties every window. */
  reset(): void
  /**
   * Calls `listener` on every trip (once per trip).
   *
   * @param listener - Receives the trip; its errors are caught and logged.
   * @returns A function that removes the listener.
   */
  onTrip(listener: (trip: KillSwitchTrip) => void): () => void
  /**
   * Whether new sessions of an arm must go to control now.
   *
   * @param arm - The arm a new session hashed to (or a shadow arm).
   * @returns True when the switch is tripped and watches `arm`.
   */
  diverts(arm: string): boolean
  /**
   * Tells the switch which experiment configuration is live. A different object than the current
   * one is a config change: the switch resets. The router and middleware call it when built.
   *
   * @param experiment - The experiment the router assigns with.
   * @throws {CanaryError} `INVALID_OPTION` when the watched `arm` is not a candidate of it.
   */
  useExperiment(experiment: Experiment): void
}
