/**
 * Entry of the llm-canary GitHub Action, bundled into `dist/index.js` that `action.yml` runs.
 *
 * @packageDocumentation
 */
import { run } from './main.ts'

await run()
