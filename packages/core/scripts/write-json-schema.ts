/**
 * Writes `schema/experiment.schema.json` from the zod schema of the experiment file.
 * Run from packages/core: `npx tsx --conditions=@llm-canary/source scripts/write-json-schema.ts`
 * (or `pnpm --filter @llm-canary/core schema`). A test fails while the committed file is stale.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { renderExperimentJsonSchema } from '../src/config/json-schema.ts'

const target = fileURLToPath(new URL('../schema/experiment.schema.json', import.meta.url))
writeFileSync(target, renderExperimentJsonSchema())
console.log(`wrote ${target}`)
