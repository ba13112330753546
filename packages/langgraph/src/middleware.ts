/**
 * `@llm-canary/langgraph/middleware`: the `createAgent` middleware (langchain v1). This entry needs the
 * `langchain` package (≥ 1.3.0); graphs built with `StateGraph` use the router node from
 * `@llm-canary/langgraph` instead and need no `langchain` at all.
 *
 * @example
 * import { llmCanaryMiddleware } from '@llm-canary/langgraph/middleware'
 * const agent = createAgent({ name: 'support', model, tools, middleware: [llmCanaryMiddleware({ experiment, hashKey })] })
 *
 * @packageDocumentation
 */
export {
  type CanaryMiddlewareOptions,
  type CanaryMiddlewareRuntime,
  llmCanaryMiddleware,
  type MiddlewareUnitIdResolver,
} from './routing/canary-middleware.ts'
