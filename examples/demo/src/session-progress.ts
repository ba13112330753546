import { Presets, SingleBar } from 'cli-progress'

/** Reports the sessions done so far. */
export interface SessionProgress {
  /**
   * @param done - Sessions finished.
   * @param failed - Runs that failed among them.
   */
  update(done: number, failed: number): void
  /** Ends the display (the bar leaves a finished line). */
  stop(): void
}

/**
 * A progress display on stderr: a `cli-progress` bar on a terminal, else a plain line every 10%.
 *
 * @param options - How many sessions, and the stream (a TTY gets the bar).
 * @returns The display.
 * @example
 * const progress = createSessionProgress({ total: 2000, stream: process.stderr })
 * progress.update(100, 3)
 */
export function createSessionProgress(options: {
  readonly total: number
  readonly stream: NodeJS.WriteStream
}): SessionProgress {
  const { total, stream } = options
  if (stream.isTTY === true) {
    const bar = new SingleBar(
      {
        stream,
        format:
          '  {bar} {percentage}% | {value}/{total} sessions | {failed} runs failed | {duration_formatted}',
        hideCursor: true,
        clearOnComplete: false,
      },
      Presets.shades_classic,
    )
    bar.start(total, 0, { failed: 0 })
    return {
      update: (done, failed) => bar.update(done, { failed }),
      stop: () => bar.stop(),
    }
  }
  const step = Math.max(1, Math.ceil(total / 10))
  let next = step
  return {
    update(done, failed) {
      if (done < next && done < total) return
      stream.write(`  ${done}/${total} sessions, ${failed} runs failed\n`)
      while (next <= done) next += step
    },
    stop() {},
  }
}
