/** What a batch of sessions did. */
export interface SessionTally {
  readonly sessions: number
  /** Runs that failed, by error name (`InvoiceValidationError`, `RateLimitError`, ...). */
  readonly failures: ReadonlyMap<string, number>
  readonly failed: number
}

/** Options of `runSessions`. */
export interface RunSessionsOptions {
  readonly total: number
  /** Sessions in flight at once. */
  readonly concurrency: number
  /** Runs session `index`; a rejection is a failed run (counted, not rethrown). */
  readonly runSession: (index: number) => Promise<unknown>
  /** Told after each session. */
  readonly onProgress?: (done: number, failed: number) => void
}

/**
 * Runs sessions 0 … total − 1 with a fixed number in flight, as a server under steady load would. A
 * failed run is what the workflow does when an agent breaks: it is counted by error name and the next
 * session starts.
 *
 * @param options - How many, how many at once, the session, and the progress callback.
 * @returns The tally.
 * @example
 * const tally = await runSessions({ total: 2000, concurrency: 32, runSession: (i) => graph.invoke(...) })
 */
export async function runSessions(options: RunSessionsOptions): Promise<SessionTally> {
  const { total, runSession, onProgress } = options
  const failures = new Map<string, number>()
  let next = 0
  let done = 0
  let failed = 0
  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next++
      try {
        await runSession(index)
      } catch (err) {
        failed += 1
        const name = err instanceof Error ? err.name : 'Error'
        failures.set(name, (failures.get(name) ?? 0) + 1)
      }
      done += 1
      onProgress?.(done, failed)
    }
  }
  const workers = Math.max(1, Math.min(options.concurrency, total))
  await Promise.all(Array.from({ length: workers }, worker))
  return { sessions: total, failures, failed }
}
