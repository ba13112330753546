import { setTimeout as sleep } from 'node:timers/promises'

/**
 * How much faster than real time the simulation runs: a 3.8 s invoice run is waited as 380 ms, so
 * thousands of sessions finish in seconds. Spans record the waited (scaled) times. Much faster would
 * let the event loop's own delays (the CPU work of 32 sessions in flight) blur the latencies measured.
 */
export const TIME_SCALE = 10

/** Waits until a point of a simulated timeline, given in real-world milliseconds since it started. */
export type ScaledTimeline = (realOffsetMs: number, signal?: AbortSignal) => Promise<void>

/**
 * Waits a real-world duration, scaled down by `TIME_SCALE`.
 *
 * @param realMs - The duration a real provider or service would take, in milliseconds.
 * @param signal - Aborts the wait.
 * @returns A promise that resolves after `realMs / TIME_SCALE` milliseconds.
 */
export async function waitScaledMs(realMs: number, signal?: AbortSignal): Promise<void> {
  await waitMs(realMs / TIME_SCALE, signal)
}

/**
 * Starts a simulated timeline now: each wait ends at its offset from the start (scaled down by
 * `TIME_SCALE`), not after the previous wait, so a late wake-up of this process (a busy event loop)
 * delays one event but does not push back the rest, as a provider's stream keeps its own schedule.
 *
 * @returns The timeline's wait function.
 * @example
 * const at = startScaledTimeline()
 * await at(650) // first token, 65 ms after the start
 * await at(1650) // last chunk, 165 ms after the start
 */
export function startScaledTimeline(): ScaledTimeline {
  const startMs = performance.now()
  return async (realOffsetMs, signal) => {
    await waitMs(startMs + realOffsetMs / TIME_SCALE - performance.now(), signal)
  }
}

async function waitMs(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms < 0.5) return
  await sleep(ms, undefined, signal === undefined ? {} : { signal })
}
