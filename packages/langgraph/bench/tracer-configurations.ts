/** The configurations the handler benchmark compares, each measured in its own process. */
export const CONFIGURATIONS = [
  'none',
  'noop',
  'llm-canary',
  'langfuse',
  'openllmetry',
  'openinference',
] as const

/** One configuration's name (the child process's argument). */
export type ConfigurationName = (typeof CONFIGURATIONS)[number]

/** How the report names a configuration, and what it runs. */
export interface ConfigurationInfo {
  /** Column header. */
  readonly label: string
  /** What is installed and how, for the report. */
  readonly setup: string
  /** Whether it is expected to record spans (the floors record none). */
  readonly records: boolean
}

/** Per configuration: its label, setup and whether it records spans. */
export const CONFIGURATION_INFO: Readonly<Record<ConfigurationName, ConfigurationInfo>> = {
  none: {
    label: 'no callbacks',
    setup: '`model.invoke(messages)`, `graph.invoke(input)`: no handler at all',
    records: false,
  },
  noop: {
    label: 'no-op handler',
    setup:
      "a `BaseCallbackHandler` implementing every callback llm-canary's handler does, each empty, awaited: LangChain's own dispatch, which every handler pays",
    records: false,
  },
  'llm-canary': {
    label: 'llm-canary',
    setup:
      '`new LlmCanaryHandler({ experiment, hashKey })` in `callbacks` (awaited, its default; no message content, its default; the global tracer)',
    records: true,
  },
  langfuse: {
    label: 'Langfuse',
    setup:
      '`new CallbackHandler()` of `@langfuse/langchain` in `callbacks` (its defaults: background callbacks; spans through `@langfuse/tracing` on the global tracer provider)',
    records: true,
  },
  openllmetry: {
    label: 'OpenLLMetry',
    setup:
      '`new LangChainInstrumentation({ traceContent: false })` of `@traceloop/instrumentation-langchain`, `manuallyInstrument({ callbackManagerModule })`: it adds its handler to every callback manager',
    records: true,
  },
  openinference: {
    label: 'OpenInference',
    setup:
      '`new LangChainInstrumentation({ traceConfig: { hideInputs: true, hideOutputs: true } })` of `@arizeai/openinference-instrumentation-langchain`, `manuallyInstrument(CallbackManagerModule)`: it adds its tracer to every callback manager',
    records: true,
  },
}

/** The headline table's columns: the no-op floor, then the tracers. */
export const HEADLINE_CONFIGURATIONS: readonly ConfigurationName[] = [
  'noop',
  'llm-canary',
  'langfuse',
  'openllmetry',
  'openinference',
]
