/**
 * The V8 old-space limit the `llm-canary` launcher gives the CLI, in MB. V8 sizes its garbage
 * collection pacing by this limit: with Node's default (a quarter of the machine's memory, up to a
 * few GB) the analysis' short-lived parsed JSON piles up to ~350 MB between major collections,
 * while with 1,024 MB the same 1,000,000-span analysis peaks near 260 MB (docs/bench/gate.md). The
 * analysis itself keeps well under 1 KB per session, so 1 GB holds experiments of over a million
 * sessions; raise it with LLM_CANARY_MAX_HEAP_MB, or set --max-old-space-size in NODE_OPTIONS.
 */
export const DEFAULT_MAX_HEAP_MB = 1024
