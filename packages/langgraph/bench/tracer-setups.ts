import { LangChainInstrumentation as OpenInferenceInstrumentation } from '@arizeai/openinference-instrumentation-langchain'
import { BaseCallbackHandler } from '@langchain/core/callbacks/base'
import * as callbackManagerModule from '@langchain/core/callbacks/manager'
import { CallbackHandler as LangfuseHandler } from '@langfuse/langchain'
import type { Experiment } from '@llm-canary/core'
import { LangChainInstrumentation as OpenLlmetryInstrumentation } from '@traceloop/instrumentation-langchain'
import { LlmCanaryHandler } from '../src/handler/llm-canary-handler.ts'
import type { ConfigurationName } from './tracer-configurations.ts'

/** A configuration once installed in its process. */
export interface InstalledTracer {
  /** Callbacks passed to every invoke; undefined when the tracer hooks LangChain's callback manager itself. */
  readonly callbacks: BaseCallbackHandler[] | undefined
  /** Entries the tracer still holds (0 once every run ended), when it can tell. */
  readonly openEntries?: () => number
}

/** A handler that implements every callback the LLM canary handler does, and does nothing. */
class NoopHandler extends BaseCallbackHandler {
  name = 'noop_handler'
  override handleChainStart() {}
  override handleChainEnd() {}
  override handleChainError() {}
  override handleChatModelStart() {}
  override handleLLMEnd() {}
  override handleLLMError() {}
  override handleLLMNewToken() {}
  override handleToolStart() {}
  override handleToolEnd() {}
  override handleRetrieverStart() {}
  override handleRetrieverEnd() {}
}

/**
 * Installs one configuration in this process, with every peer's published entry point as its
 * documentation shows it, spans going to the global tracer provider the child registered. Message
 * content is off wherever a peer lets it be turned off (llm-canary records none by default).
 *
 * @param name - The configuration.
 * @param experiment - The experiment llm-canary's handler reports.
 * @returns The callbacks to pass to invoke, and the open-entry count when the tracer has one.
 */
export function installTracer(name: ConfigurationName, experiment: Experiment): InstalledTracer {
  switch (name) {
    case 'none':
      return { callbacks: undefined }
    case 'noop':
      return { callbacks: [new NoopHandler({ _awaitHandler: true })] }
    case 'llm-canary': {
      const handler = new LlmCanaryHandler({ experiment, hashKey: 'bench-key', captureMessageContent: false })
      return { callbacks: [handler], openEntries: () => handler.openRunCount() }
    }
    case 'langfuse':
      return { callbacks: [new LangfuseHandler()] }
    case 'openllmetry': {
      const instrumentation = new OpenLlmetryInstrumentation({ traceContent: false })
      instrumentation.manuallyInstrument({ callbackManagerModule })
      return { callbacks: undefined }
    }
    case 'openinference': {
      const instrumentation = new OpenInferenceInstrumentation({
        traceConfig: { hideInputs: true, hideOutputs: true },
      })
      instrumentation.manuallyInstrument(callbackManagerModule)
      return { callbacks: undefined }
    }
  }
}
