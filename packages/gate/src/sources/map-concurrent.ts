/**
 * Runs an async function over items with at most `concurrency` calls in flight, yielding results in
 * the items' order. The first failure is thrown when its turn comes; calls already started are
 * left to finish and their failures ignored.
 *
 * @param items - the inputs.
 * @param concurrency - most calls in flight at once (positive).
 * @param run - the async function.
 * @returns the results, in input order.
 * @example
 * for await (const trace of mapConcurrent(traceIds, 4, fetchTrace)) use(trace)
 */
export async function* mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  run: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const inFlight: Promise<R>[] = []
  let next = 0
  const start = (): void => {
    const item = items[next++] as T
    const promise = run(item)
    // Keeps a failure that is never awaited (the consumer stopped early) from being unhandled.
    promise.catch(() => {})
    inFlight.push(promise)
  }
  while (next < items.length && inFlight.length < concurrency) start()
  while (inFlight.length > 0) {
    const result = await (inFlight.shift() as Promise<R>)
    if (next < items.length) start()
    yield result
  }
}
