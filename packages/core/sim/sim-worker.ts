/**
 * Worker entry: runs the batches the main thread posts and posts back their outcomes. Loaded through tsx's
 * `tsImport` by `worker-pool.ts`, since workers do not inherit the tsx loader.
 */
import { parentPort } from 'node:worker_threads'
import type { TrialTask } from './trial.ts'
import { runTrialTask } from './trial.ts'

parentPort?.on('message', (task: TrialTask) => {
  parentPort?.postMessage(runTrialTask(task))
})
