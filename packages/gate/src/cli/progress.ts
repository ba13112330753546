import cliProgress from 'cli-progress'
import type { CliIO } from './io.ts'

/** What the analysis reports while it reads; a subset of the analysis' progress type. */
interface ProgressFigures {
  readonly phase: string
  readonly spansRead: number
  readonly units: number
}

/** A progress display: a live line on a terminal (stderr), nothing otherwise. */
export interface Progress {
  update(figures: ProgressFigures): void
  stop(): void
}

/**
 * A spinner-style progress line on stderr (or `io.progressStream`) while spans are read, only when that is
 * a terminal and `enabled` (the `--no-progress` flag turns it off); CI logs stay clean. Units are counted
 * in the experiment's word (`unit`: `session`, `user`, `thread`).
 */
export function createProgress(io: CliIO, enabled: boolean, unit: string): Progress {
  const stream = (io.progressStream ?? io.stderr) as NodeJS.WriteStream
  if (!enabled || io.isTTY !== true || stream.isTTY !== true) return { update: () => {}, stop: () => {} }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `reading spans {spansRead} | ${unit}s {units} | {phase}`,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update(figures) {
      const payload = {
        spansRead: figures.spansRead.toLocaleString('en-US'),
        units: figures.units,
        phase: figures.phase,
      }
      if (!started) {
        bar.start(0, 0, payload)
        started = true
      } else bar.update(0, payload)
    },
    stop() {
      if (started) bar.stop()
    },
  }
}
