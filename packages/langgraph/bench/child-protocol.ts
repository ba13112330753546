import type { BenchMode } from './bench-workload.ts'
import type { SpanCheck } from './span-check.ts'

/** What the benchmark's parent asks a configuration's process. */
export type ParentMessage =
  /** Run `size` operations of `mode` and time them. */
  | { readonly type: 'batch'; readonly mode: BenchMode; readonly size: number }
  /** Run `count` operations of `mode` one by one and check the spans each recorded. */
  | { readonly type: 'check'; readonly mode: BenchMode; readonly count: number }
  /** Flush, report the exported span count, exit. */
  | { readonly type: 'stop' }

/** What a configuration's process answers. */
export type ChildReply =
  | { readonly type: 'ready' }
  /** CPU time (user + system, all threads) and wall time of a batch, in ns. */
  | { readonly type: 'batch'; readonly cpuNs: number; readonly wallNs: number }
  /** One check per operation, and the entries the tracer still holds (when it can tell). */
  | {
      readonly type: 'check'
      readonly checks: readonly SpanCheck[]
      readonly openEntries: number | undefined
    }
  | { readonly type: 'stopped'; readonly exported: number }
  | { readonly type: 'failed'; readonly message: string }
