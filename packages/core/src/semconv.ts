/**
 * The span names and attribute keys llm-canary writes (the LangGraph handler) and reads (the gate):
 * one list, so the two sides cannot drift. Standard keys follow the OpenTelemetry GenAI semantic
 * conventions (Development status, as published in open-telemetry/semantic-conventions-genai in
 * 2026, which superseded semantic-conventions v1.36) and the feature-flag conventions (Release
 * Candidate). Keys of our own start with `llm_canary.`. These are plain strings: core imports nothing
 * from OpenTelemetry.
 */

/** The GenAI semantic-conventions version these names follow. */
export const GENAI_SEMCONV_VERSION = 'semantic-conventions-genai 2026-05 (Development)'

// Feature flags: the experiment and the arm, on every span of a session.
/** The experiment id. */
export const ATTR_FEATURE_FLAG_KEY = 'feature_flag.key'
/** The arm the session was assigned (`control`, `candidate`, ...). */
export const ATTR_FEATURE_FLAG_VARIANT = 'feature_flag.result.variant'
/** Deprecated name of the variant, still read from older instrumentations. */
export const ATTR_FEATURE_FLAG_VARIANT_DEPRECATED = 'feature_flag.variant'
/** `llm-canary`. */
export const ATTR_FEATURE_FLAG_PROVIDER = 'feature_flag.provider.name'

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
/** Our span for a score that arrives after its LLM span ended. */
export const OPERATION_EVALUATE = 'evaluate'
/** Operation names that are LLM calls (inference spans). */
export const LLM_OPERATIONS: readonly string[] = ['chat', 'generate_content', 'text_completion']
