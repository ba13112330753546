import type { ChildProcess } from 'node:child_process'
import { fork } from 'node:child_process'
import type { BenchMode } from './bench-workload.ts'
import type { ChildReply, ParentMessage } from './child-protocol.ts'
import type { SpanCheck } from './span-check.ts'
import type { ConfigurationName } from './tracer-configurations.ts'

/** One configuration's process, answering one message at a time. */
export interface ConfigurationProcess {
  readonly name: ConfigurationName
  /** Sends a message and waits for the reply; rejects when the child fails or exits. */
  ask(message: ParentMessage): Promise<ChildReply>
}

/** Rounds and batch size of one mode. */
export interface InterleaveOptions {
  /** Rounds kept; each runs one batch of every configuration, in rotating order. */
  readonly rounds: number
  /** Rounds run first and thrown away (JIT warm-up, lazy initialisation). */
  readonly warmupRounds: number
  /** Operations per batch. */
  readonly batch: number
}

/** CPU and wall time per operation of every kept batch of one configuration, in ns, by round. */
export interface BatchTimes {
  readonly cpuNsPerOp: number[]
  readonly wallNsPerOp: number[]
}

/**
 * Starts one process per configuration from the bundled child and waits until each is ready.
 *
 * @param childPath - The bundled tracer child.
 * @param names - The configurations.
 * @returns The processes, and a function that stops them all.
 */
export async function startProcesses(
  childPath: string,
  names: readonly ConfigurationName[],
): Promise<{ readonly processes: ConfigurationProcess[]; stopAll(): void }> {
  const children: ChildProcess[] = []
  const processes = await Promise.all(
    names.map(async (name) => {
      const child = fork(childPath, [name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
      children.push(child)
      const configuration = wrap(name, child)
      const ready = await configuration.next()
      if (ready.type !== 'ready') throw new Error(`${name}: expected ready, got ${ready.type}`)
      return configuration
    }),
  )
  return {
    processes,
    stopAll: () => {
      for (const child of children) if (child.exitCode === null) child.kill()
    },
  }
}

function wrap(
  name: ConfigurationName,
  child: ChildProcess,
): ConfigurationProcess & { next(): Promise<ChildReply> } {
  let waiting: { resolve: (reply: ChildReply) => void; reject: (err: Error) => void } | undefined
  const settle = (outcome: ChildReply | Error) => {
    const current = waiting
    waiting = undefined
    if (current === undefined) return
    if (outcome instanceof Error) current.reject(outcome)
    else if (outcome.type === 'failed') current.reject(new Error(`${name}: ${outcome.message}`))
    else current.resolve(outcome)
  }
  child.on('message', (reply: ChildReply) => settle(reply))
  child.on('exit', (code) => settle(new Error(`${name}: the child exited with code ${code}`)))
  const next = () =>
    new Promise<ChildReply>((resolve, reject) => {
      waiting = { resolve, reject }
    })
  return {
    name,
    next,
    ask(message) {
      const reply = next()
      child.send(message)
      return reply
    },
  }
}

/**
 * Times one mode in interleaved batches: every round asks each configuration's process for one batch,
 * in an order rotated by one per round, so drift in the machine's load is shared by all configurations.
 * Only one process runs at a time.
 *
 * @param processes - The configurations' processes.
 * @param mode - Direct calls or graph runs.
 * @param options - Rounds, warm-up rounds, batch size.
 * @returns Per configuration, the kept batches' CPU and wall time per operation.
 */
export async function measureInterleaved(
  processes: readonly ConfigurationProcess[],
  mode: BenchMode,
  options: InterleaveOptions,
): Promise<Map<ConfigurationName, BatchTimes>> {
  const times = new Map(processes.map((p) => [p.name, { cpuNsPerOp: [], wallNsPerOp: [] } as BatchTimes]))
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    for (let k = 0; k < processes.length; k++) {
      const target = processes[(round + k) % processes.length]!
      const reply = await target.ask({ type: 'batch', mode, size: options.batch })
      if (reply.type !== 'batch') throw new Error(`${target.name}: expected a batch, got ${reply.type}`)
      if (round < options.warmupRounds) continue
      const series = times.get(target.name)!
      series.cpuNsPerOp.push(reply.cpuNs / options.batch)
      series.wallNsPerOp.push(reply.wallNs / options.batch)
    }
  }
  return times
}

/**
 * Asks a process to check the spans of `count` operations of a mode.
 *
 * @param configuration - The configuration's process.
 * @param mode - Direct calls or graph runs.
 * @param count - Operations, each checked alone.
 * @returns The checks and the tracer's open entries afterwards.
 */
export async function checkProcess(
  configuration: ConfigurationProcess,
  mode: BenchMode,
  count: number,
): Promise<{ readonly checks: readonly SpanCheck[]; readonly openEntries: number | undefined }> {
  const reply = await configuration.ask({ type: 'check', mode, count })
  if (reply.type !== 'check') throw new Error(`${configuration.name}: expected a check, got ${reply.type}`)
  return reply
}
