/** The version of `@llm-canary/gate` (kept equal to package.json by a test). */
export const VERSION = '0.1.0'
