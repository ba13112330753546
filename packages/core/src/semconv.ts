/**
 * The span names and attribute keys llm-canary writes (the LangGraph handler) and reads (the gate):
 * one list, so the two sides cannot drift. Standard keys follow the OpenTelemetry GenAI semantic
 * conventions (Development status, as published in open-telemetry/semantic-conventions-genai in
 * 2026, which superseded semantic-conventions v1.36) and the feature-flag conventions (Release
 * Candidate). Keys of our own start with `llm_canary.`. These are plain strings: core imports nothing
 * from OpenTelemetry.
 */

/**
 * The semantic-conventions version these names follow: the GenAI conventions (Development) and the
 * feature-flag conventions (Release Candidate) as published in OpenTelemetry semantic conventions v1.41.0,
 * the last release before the GenAI conventions moved to their own repository (docs/spans.md).
 */
export const GENAI_SEMCONV_VERSION = 'OpenTelemetry semantic conventions v1.41.0 (GenAI: Development)'

// Feature flags: the experiment and the arm, on every span of a session.
/** The experiment id. */
export const ATTR_FEATURE_FLAG_KEY = 'feature_flag.key'
/** The arm the session was assigned (`control`, `candidate`, ...). */
export const ATTR_FEATURE_FLAG_VARIANT = 'feature_flag.result.variant'
/** Deprecated name of the variant, still read from older instrumentations. */
export const ATTR_FEATURE_FLAG_VARIANT_DEPRECATED = 'feature_flag.variant'
/** `llm-canary`. */
export const ATTR_FEATURE_FLAG_PROVIDER = 'feature_flag.provider.name'
/** Why the flag evaluated as it did: `split` (the hash), `disabled` (the kill switch sent the session to control). */
export const ATTR_FEATURE_FLAG_RESULT_REASON = 'feature_flag.result.reason'
/** The targeting key the flag was evaluated for: the keyed hash of the unit id, never the raw id. */
export const ATTR_FEATURE_FLAG_CONTEXT_ID = 'feature_flag.context.id'
/** The event the feature-flag conventions record where a flag is evaluated (here: where the arm is decided). */
export const EVENT_FEATURE_FLAG_EVALUATION = 'feature_flag.evaluation'

// GenAI
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name'
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name'
/** Deprecated predecessor of `gen_ai.provider.name`, still read. */
export const ATTR_GEN_AI_SYSTEM = 'gen_ai.system'
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model'
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model'
/** The session: a keyed hash of the unit id, never the raw id. */
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id'
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name'
export const ATTR_GEN_AI_WORKFLOW_NAME = 'gen_ai.workflow.name'
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name'
/** The tool call's id the model gave (`toolCallId` in LangChain). */
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id'
/** `function` for LangChain tools. */
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type'
export const ATTR_GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description'
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature'
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens'
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p'
/** True when the response was streamed. */
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream'
/** `text` or `json` (structured output). */
export const ATTR_GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type'
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id'
/** The provider's host: Tempo's service graph draws the edge to the provider from it. */
export const ATTR_SERVER_ADDRESS = 'server.address'
export const ATTR_SERVER_PORT = 'server.port'
export const ATTR_GEN_AI_DATA_SOURCE_ID = 'gen_ai.data_source.id'
/** Input tokens, cached ones included. */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens'
/** Output tokens, reasoning ones included. */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens'
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens'
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens'
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens'
/** Deprecated token keys, still read. */
export const ATTR_GEN_AI_USAGE_PROMPT_TOKENS = 'gen_ai.usage.prompt_tokens'
export const ATTR_GEN_AI_USAGE_COMPLETION_TOKENS = 'gen_ai.usage.completion_tokens'
/** Time to first chunk, in seconds. */
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk'
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons'
/** Proposed cost convention (semantic-conventions-genai PR #443): amount, ISO 4217 currency, `provider | local`. */
export const ATTR_GEN_AI_USAGE_COST_AMOUNT = 'gen_ai.usage.cost.amount'
export const ATTR_GEN_AI_USAGE_COST_CURRENCY = 'gen_ai.usage.cost.currency'
export const ATTR_GEN_AI_USAGE_COST_SOURCE = 'gen_ai.usage.cost.source'
/** Retrieved documents as a JSON string of `[{ id, score }]`. */
export const ATTR_GEN_AI_RETRIEVAL_DOCUMENTS = 'gen_ai.retrieval.documents'
export const ATTR_ERROR_TYPE = 'error.type'
/** Opt-in prompt content: JSON of `[{ role, parts: [{ type: 'text', content }] }]`. */
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages'
/** Opt-in completion content: JSON of `[{ role, parts, finish_reason }]`. */
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages'

// Evaluations: an event on the LLM span, or a short `evaluate {name}` span when the score comes later.
export const EVENT_GEN_AI_EVALUATION_RESULT = 'gen_ai.evaluation.result'
export const ATTR_GEN_AI_EVALUATION_NAME = 'gen_ai.evaluation.name'
export const ATTR_GEN_AI_EVALUATION_SCORE_VALUE = 'gen_ai.evaluation.score.value'
export const ATTR_GEN_AI_EVALUATION_SCORE_LABEL = 'gen_ai.evaluation.score.label'
/** Free-text explanation of an evaluation score. */
export const ATTR_GEN_AI_EVALUATION_EXPLANATION = 'gen_ai.evaluation.explanation'

// llm-canary's own
/** Number of LLM calls in a graph run (on the workflow span). */
export const ATTR_RUN_CALLS = 'llm_canary.run.calls'
/** Cost of a graph run in USD: the sum of its calls (on the workflow span). */
export const ATTR_RUN_COST_USD = 'llm_canary.run.cost_usd'
/** Source ids the answer cites (string array). */
export const ATTR_CITATIONS = 'llm_canary.citations'
/** Keyed hash of the call's input, to pair identical inputs across arms. */
export const ATTR_INPUT_HASH = 'llm_canary.input_hash'
/** True on the candidate's half of a shadow pair (never shown to the user). */
export const ATTR_SHADOW = 'llm_canary.shadow'
/** Shared by both calls of a shadow pair. */
export const ATTR_PAIR_ID = 'llm_canary.pair_id'
/** The arm whose model actually served this call (differs from the variant outside the agent scope). */
export const ATTR_SERVED_ARM = 'llm_canary.served_arm'
/** True when the kill switch sent this session to control. */
export const ATTR_KILL_SWITCH = 'llm_canary.kill_switch'
/** True on a span whose node stopped at a LangGraph interrupt (control flow, not an error). */
export const ATTR_INTERRUPTED = 'llm_canary.interrupted'
/**
 * Why the handler ended a span instead of its own end callback: `parent_ended` (an ancestor ended
 * first, as when a run is aborted), `ttl_expired` (no end within the TTL), `evicted` (open-run bound).
 */
export const ATTR_INCOMPLETE = 'llm_canary.incomplete'

// Span names: `{operation} {target}`.
export const OPERATION_CHAT = 'chat'
/** Completion-style (prompt string) LLM runs. */
export const OPERATION_TEXT_COMPLETION = 'text_completion'
export const OPERATION_INVOKE_WORKFLOW = 'invoke_workflow'
export const OPERATION_INVOKE_AGENT = 'invoke_agent'
export const OPERATION_EXECUTE_TOOL = 'execute_tool'
export const OPERATION_RETRIEVAL = 'retrieval'
/**
 * The first word of our span for a score that arrives after its LLM span ended (`evaluate {name}`). It is a
 * span name only, never a `gen_ai.operation.name` value: the conventions define no such operation.
 */
export const OPERATION_EVALUATE = 'evaluate'
/** Operation names that are LLM calls (inference spans). */
export const LLM_OPERATIONS: readonly string[] = ['chat', 'generate_content', 'text_completion']
