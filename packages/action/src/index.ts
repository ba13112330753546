/**
 * Entry of the llm-canary GitHub Action. A shell until the action's issue lands: it will call
 * `run()` from `main.ts`, bundled into `dist/index.js`.
 */
export { ExitCode } from '@llm-canary/gate'
