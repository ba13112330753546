import { diag } from '@opentelemetry/api'
import type { KillSwitchTrip } from './kill-switch-types.ts'

/** The `onTrip` listeners of a kill switch. */
export interface TripListeners {
  /**
   * @param listener - Called on every trip.
   * @returns A function that removes it.
   */
  add(listener: (trip: KillSwitchTrip) => void): () => void
  /**
   * Logs the trip (`diag.warn`) and calls every listener; a listener that throws is logged and skipped.
   *
   * @param trip - The trip.
   */
  notify(trip: KillSwitchTrip): void
}

/** @returns An empty listener set. */
export function createTripListeners(): TripListeners {
  const listeners = new Set<(trip: KillSwitchTrip) => void>()
  return {
    add(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    notify(trip) {
      diag.warn(
        `llm-canary kill switch tripped: ${trip.reason}; new sessions of the watched candidates go to control until reset()`,
      )
      for (const listener of [...listeners]) {
        try {
          listener(trip)
        } catch (err) {
          diag.error(`llm-canary kill switch: an onTrip listener threw: ${String(err)}`)
        }
      }
    },
  }
}
