import { execFile } from 'node:child_process'
import { execPath } from 'node:process'
import { promisify } from 'node:util'
import { DEFAULT_MAX_HEAP_MB } from '../bin/heap.js'
import type { RunRow } from './bench-report.ts'

const run = promisify(execFile)

/** The heap limit the `llm-canary` launcher (bin/llm-canary.js) runs the CLI with. */
export const CLI_FLAGS: readonly string[] = [`--max-old-space-size=${DEFAULT_MAX_HEAP_MB}`]

/** What every benchmark child prints last: its wall and CPU time and its own peak RSS. */
export interface ChildTimes {
  readonly seconds: number
  readonly cpuSeconds: number
  readonly maxRssKb: number
}

/**
 * Runs a bundled benchmark child with plain `node` and parses the JSON line it prints last.
 *
 * @param script - The bundled child.
 * @param args - Its arguments.
 * @param flags - Node flags (`CLI_FLAGS` to run it as the CLI runs).
 * @returns The child's result.
 */
export async function runChild<T extends ChildTimes>(
  script: string,
  args: readonly string[],
  flags: readonly string[] = [],
): Promise<T> {
  const { stdout } = await run(execPath, [...flags, script, ...args], { maxBuffer: 16 * 1024 * 1024 })
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as T
}

/**
 * A table row from a child's result.
 *
 * @param name - What ran.
 * @param result - The child's times.
 * @param spans - Spans it handled (for spans per wall second).
 * @param note - The row's remark.
 * @returns The row.
 */
export function toRunRow(name: string, result: ChildTimes, spans: number, note: string): RunRow {
  return {
    name,
    seconds: result.seconds,
    cpuSeconds: result.cpuSeconds,
    spansPerSecond: spans / result.seconds,
    peakRssMb: result.maxRssKb / 1024,
    note,
  }
}
