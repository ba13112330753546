/**
 * `@llm-canary/langgraph`: the LangGraph router node, arm-aware models and the OpenTelemetry
 * callback handler. Until the LangGraph integration lands it re-exports the assignment API of
 * core, which the router node will call.
 *
 * @packageDocumentation
 */
export { type ArmAssignment, assignArm, createAssigner, modelForAgent } from '@llm-canary/core'
