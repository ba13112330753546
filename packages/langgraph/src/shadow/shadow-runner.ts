import { randomUUID } from 'node:crypto'
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons'
import { diag } from '@opentelemetry/api'
import type { PrimaryCall, ShadowCallMetadata } from '../types.ts'
import type { Replay } from './shadow-call.ts'
import { invokeShadow, prepareReplay, shadowConfig } from './shadow-call.ts'
import type { BackgroundShadowRunner, ShadowRunnerOptions } from './shadow-runner-options.ts'
import { checkShadowOptions } from './shadow-runner-options.ts'

interface Counters {
  started: number
  completed: number
  failed: number
  dropped: number
  skipped: number
}

/**
 * Builds the shadow runner: for a control session whose `shadowArms` include candidate c, and an
 * agent in the experiment's scope, it replays the primary call's messages (with the same tools,
 * when the invocation parameters carry them) to c's model in the background. The shadow call runs
 * with `metadata.llm_canary` = `ShadowCallMetadata` (`shadow: true`, `pairId` = the primary run id)
 * and the given callbacks, so the handler records it as its own LLM span of the pair.
 *
 * `maybeShadow` returns at once: the shadow call is never awaited by the user's path, its answer is
 * discarded, its errors are logged (`diag.warn`) and swallowed, and at most `maxInFlight` run at once
 * (the rest are dropped and counted). It runs outside the primary call's LangChain context (its own
 * trace, no inherited callbacks, tags, configurable or abort signal). `flush()` waits for the calls
 * in flight (tests, shutdown).
 *
 * @param options - The experiment, the arm models, the in-flight bound and optionally the sample
 *   rate, callbacks, kill switch, timeout and random source.
 * @returns The runner; give it to the handler.
 * @throws {CanaryError} `INVALID_OPTION` when `maxInFlight`, `sampleRate` or `timeoutMs` is out of range.
 * @example
 * const models = createArmModels({ experiment })
 * let handler: LlmCanaryHandler | undefined
 * const shadows = createShadowRunner({ experiment, models, maxInFlight: 8, callbacks: () => (handler ? [handler] : []) })
 * handler = new LlmCanaryHandler({ experiment, hashKey, shadowRunner: shadows })
 * process.on('beforeExit', () => shadows.flush())
 */
export function createShadowRunner(options: ShadowRunnerOptions): BackgroundShadowRunner {
  checkShadowOptions(options)
  const { experiment, models, maxInFlight, killSwitch } = options
  const sampleRate = options.sampleRate ?? 1
  const random = options.random ?? Math.random
  const { control } = experiment
  const candidates = new Set(experiment.candidates.map((arm) => arm.name))
  const inFlight = new Map<string, Promise<void>>()
  const counters: Counters = { started: 0, completed: 0, failed: 0, dropped: 0, skipped: 0 }

  const inScope = (agent: string | undefined): boolean =>
    experiment.scopeAgents === undefined || (agent !== undefined && experiment.scopeAgents.includes(agent))

  const eligibleArms = (call: PrimaryCall): string[] => {
    const { unitArm } = call
    if (unitArm.experiment !== experiment.id || unitArm.arm !== control.name) return []
    // A shadow call comes back through the handler as a chat-model start: never shadow a shadow.
    if (inFlight.has(call.runId) || !inScope(call.agent)) return []
    return unitArm.shadowArms.filter((arm) => candidates.has(arm) && killSwitch?.diverts(arm) !== true)
  }

  const start = (call: PrimaryCall, arm: string, replay: Replay): void => {
    const shadowRunId = randomUUID()
    const metadata: ShadowCallMetadata = {
      unitArm: call.unitArm,
      servedArm: arm,
      agent: call.agent,
      shadow: true,
      pairId: call.runId,
    }
    const callbacks = typeof options.callbacks === 'function' ? options.callbacks() : options.callbacks
    const config = shadowConfig({ metadata, shadowRunId, callbacks, timeoutMs: options.timeoutMs })
    counters.started += 1
    const run = AsyncLocalStorageProviderSingleton.getInstance().run(undefined, () =>
      invokeShadow({ models, arm, replay, config }),
    )
    const settled = run.then(
      () => {
        counters.completed += 1
      },
      (err: unknown) => {
        counters.failed += 1
        diag.warn(
          `llm-canary shadow call to arm ${JSON.stringify(arm)} (pair ${call.runId}) failed: ${describeError(err)}`,
        )
      },
    )
    inFlight.set(
      shadowRunId,
      settled.finally(() => {
        inFlight.delete(shadowRunId)
      }),
    )
  }

  const maybeShadow = (call: PrimaryCall): string | undefined => {
    const arms = eligibleArms(call)
    if (arms.length === 0 || random() >= sampleRate) return undefined
    const replay = prepareReplay(call)
    if (replay === undefined) {
      counters.skipped += 1
      return undefined
    }
    let started = false
    for (const arm of arms) {
      if (inFlight.size >= maxInFlight) {
        counters.dropped += 1
        continue
      }
      start(call, arm, replay)
      started = true
    }
    return started ? call.runId : undefined
  }

  return {
    maybeShadow(call) {
      try {
        return maybeShadow(call)
      } catch (err) {
        diag.error(`llm-canary shadow runner: could not start a shadow call: ${describeError(err)}`)
        return undefined
      }
    },
    async flush() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()])
    },
    stats: () => ({ ...counters, inFlight: inFlight.size }),
  }
}

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err)
}
