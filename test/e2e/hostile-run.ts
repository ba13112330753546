/**
 * Running the built CLI under hostile conditions: its peak memory measured from outside, and gzip bombs
 * to feed it. Not a test file.
 */
import { spawn } from 'node:child_process'
import { createWriteStream, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { repoRoot } from '../helpers/cli.ts'

/** What one run of the built CLI printed, returned and used. */
export interface MeasuredRun {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
  /** Peak resident memory of the launcher and the CLI together, in MB (Linux; 0 elsewhere). */
  readonly peakRssMb: number
}

/**
 * Runs the built CLI through its launcher, as a user would, without blocking the event loop (a test may
 * serve HTTP to it), sampling the resident memory of the whole process tree every 20 ms.
 *
 * @param args - The arguments.
 * @param options - Extra environment variables, the working directory, a time limit.
 * @returns What it printed, its status and its peak memory.
 */
export function runMeasured(
  args: readonly string[],
  options: { env?: Readonly<Record<string, string>>; cwd?: string; timeoutMs?: number } = {},
): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcher, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
    })
    let stdout = ''
    let stderr = ''
    let peakKb = 0
    const sample = setInterval(() => {
      peakKb = Math.max(peakKb, treeRssKb(child.pid ?? -1))
    }, 20)
    const limit = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (status) => {
      clearInterval(sample)
      clearTimeout(limit)
      resolve({ status, stdout, stderr, peakRssMb: peakKb / 1024 })
    })
  })
}

const launcher = join(repoRoot, 'packages/gate/bin/llm-canary.js')

/** Resident memory of a process and its descendants, from /proc (0 where there is no /proc). */
function treeRssKb(root: number): number {
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return 0
  }
  const parents = new Map<number, number>()
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      parents.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // The process ended between the listing and the read.
    }
  }
  let total = 0
  for (const pid of parents.keys()) {
    let ancestor: number | undefined = pid
    while (ancestor !== undefined && ancestor > 1 && ancestor !== root) ancestor = parents.get(ancestor)
    if (ancestor !== root) continue
    try {
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
      total += Number(rss ?? 0)
    } catch {
      // Gone.
    }
  }
  return total
}

/**
 * Writes a gzip file of `megabytes` MB of one repeated chunk (a decompression bomb when the chunk is
 * zeros), streaming, at compression level 1 (3 GB of zeros take about 3 s and 14 MB).
 *
 * @param path - Where to write.
 * @param options - The text before the repeated part, the part, and how many MB of it.
 */
export async function writeGzipBomb(
  path: string,
  options: { head?: string; chunk?: Buffer; megabytes: number },
): Promise<void> {
  const chunk = options.chunk ?? Buffer.alloc(1 << 20)
  let written = 0
  async function* body(): AsyncGenerator<Buffer> {
    if (options.head !== undefined) yield Buffer.from(options.head)
    while (written < options.megabytes * (1 << 20)) {
      written += chunk.length
      yield chunk
    }
  }
  await pipeline(Readable.from(body()), createGzip({ level: 1 }), createWriteStream(path))
}
