import type { Callbacks } from '@langchain/core/callbacks/manager'
import type { Experiment } from '@llm-canary/core'
import { CanaryError } from '../errors.ts'
import type { KillSwitch } from '../kill-switch/kill-switch-types.ts'
import type { ArmModels } from '../routing/arm-models.ts'
import type { ShadowRunner } from '../types.ts'

/** Options of `createShadowRunner`. */
export interface ShadowRunnerOptions {
  /** The validated experiment. */
  readonly experiment: Experiment
  /** Where the candidates' models come from (the same `createArmModels` the graph uses). */
  readonly models: Pick<ArmModels, 'modelForArm'>
  /** Most shadow calls running at once; further ones are dropped (and counted). */
  readonly maxInFlight: number
  /** Share of eligible primary calls replayed, in (0, 1]; 1 by default. On top of the arm's `shadow` share of sessions. */
  readonly sampleRate?: number
  /**
   * Callbacks of the shadow calls: the llm-canary handler, so each becomes its own LLM span. A
   * function is read at each call, so the runner can be built before the handler that uses it.
   */
  readonly callbacks?: Callbacks | (() => Callbacks | undefined)
  /** No shadow calls to a candidate this switch diverts. */
  readonly killSwitch?: KillSwitch
  /** Aborts a shadow call after this long; no limit by default. */
  readonly timeoutMs?: number
  /** Random numbers in [0, 1) for `sampleRate`; `Math.random` by default (inject one in tests). */
  readonly random?: () => number
}

/** Counters of a shadow runner since it was built. */
export interface ShadowStats {
  /** Shadow calls started. */
  readonly started: number
  /** Shadow calls that finished. */
  readonly completed: number
  /** Shadow calls that failed (logged and swallowed). */
  readonly failed: number
  /** Shadow calls not started because `maxInFlight` were running. */
  readonly dropped: number
  /** Eligible calls not replayed because their messages or tools could not be replayed faithfully. */
  readonly skipped: number
  /** Shadow calls running now. */
  readonly inFlight: number
}

/** A `ShadowRunner` that can be drained and inspected. */
export interface BackgroundShadowRunner extends ShadowRunner {
  /** @returns A promise that settles when every shadow call started so far (and during the wait) has. Never rejects. */
  flush(): Promise<void>
  /** @returns The counters now. */
  stats(): ShadowStats
}

/**
 * Checks the bounds of a shadow runner.
 *
 * @param options - The options given to `createShadowRunner`.
 * @throws {CanaryError} `INVALID_OPTION` naming the option out of range and what to set.
 */
export function checkShadowOptions(options: ShadowRunnerOptions): void {
  const { maxInFlight, sampleRate, timeoutMs } = options
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
    fail(`maxInFlight is ${String(maxInFlight)}; set a whole number of concurrent shadow calls ≥ 1, e.g. 8`)
  }
  if (sampleRate !== undefined && !(sampleRate > 0 && sampleRate <= 1)) {
    fail(`sampleRate is ${String(sampleRate)}; set a share of eligible calls in (0, 1], e.g. 0.5`)
  }
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    fail(`timeoutMs is ${String(timeoutMs)}; set a positive duration in ms, e.g. 60000, or omit it`)
  }
}

function fail(message: string): never {
  throw new CanaryError('INVALID_OPTION', `shadow runner: ${message}`)
}
