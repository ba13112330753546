/** The V8 old-space limit the llm-canary launcher gives the CLI, in MB (see heap.js). */
export declare const DEFAULT_MAX_HEAP_MB: number
