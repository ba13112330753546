/**
 * Runs simulation batches on a few worker threads (or inline with one worker), handing each worker the next
 * batch as soon as it is free.
 */
import { Worker } from 'node:worker_threads'
import type { TrialTask, TrialTaskResult } from './trial.ts'
import { runTrialTask } from './trial.ts'

/** Options of `runTasks`. */
export interface RunTasksOptions {
  /** Worker threads; 1 runs every batch in this thread. */
  readonly workers: number
  /** Called as each batch finishes (progress). */
  readonly onResult?: (result: TrialTaskResult) => void
}

/**
 * Runs batches and collects their results.
 *
 * @param tasks - The batches; results do not depend on their order or on the number of workers.
 * @param options - Workers and a progress callback.
 * @returns One result per batch, in completion order.
 * @throws {Error} The first error a batch raised (the other workers are stopped).
 */
export async function runTasks(
  tasks: readonly TrialTask[],
  options: RunTasksOptions,
): Promise<TrialTaskResult[]> {
  if (options.workers <= 1 || tasks.length === 0) {
    return tasks.map((task) => {
      const result = runTrialTask(task)
      options.onResult?.(result)
      return result
    })
  }
  const queue = [...tasks]
  const results: TrialTaskResult[] = []
  const workers = Array.from({ length: Math.min(options.workers, tasks.length) }, startWorker)
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (worker: Worker): void => {
        const task = queue.shift()
        if (task !== undefined) worker.postMessage(task)
        else if (results.length === tasks.length) resolve()
      }
      for (const worker of workers) {
        worker.on('message', (result: TrialTaskResult) => {
          results.push(result)
          options.onResult?.(result)
          feed(worker)
        })
        worker.on('error', reject)
        worker.on('exit', (code) => {
          if (code !== 0) reject(new Error(`a simulation worker exited with code ${code}`))
        })
        feed(worker)
      }
    })
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
  return results
}

/** A worker that loads `sim-worker.ts` through tsx (workers do not inherit the loader of `tsx run.ts`). */
function startWorker(): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api')
  const entry = new URL('./sim-worker.ts', import.meta.url).href
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`
  return new Worker(bootstrap, { eval: true })
}
