/** Version of `@llm-canary/langgraph`, reported as the tracer's instrumentation scope version. */
export const VERSION = '0.1.0'

/** Instrumentation scope name of the handler's default tracer. */
export const TRACER_NAME = '@llm-canary/langgraph'
