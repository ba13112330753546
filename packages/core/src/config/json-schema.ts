import { z } from 'zod'
import { experimentFileSchema } from './schema.ts'

/** Where the published JSON Schema lives: the file ships in the npm package under `schema/`. */
export const EXPERIMENT_SCHEMA_ID = 'https://unpkg.com/@llm-canary/core/schema/experiment.schema.json'

/**
 * Builds the JSON Schema of the experiment file from the zod schema, for editors (YAML and JSON
 * language servers) to complete keys and show help. Draft-07, the draft editors support most widely;
 * input shape, so defaulted fields are optional and show their default. Checks across fields (weights
 * summing to 100, unique slots) exist only in `parseExperiment`.
 *
 * @returns A fresh JSON Schema object with `$id`, `title` and a `description` on every field.
 * @example
 * const schema = experimentJsonSchema()
 * schema.$id // 'https://unpkg.com/@llm-canary/core/schema/experiment.schema.json'
 */
export function experimentJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(experimentFileSchema, {
    io: 'input',
    target: 'draft-7',
    override: ({ jsonSchema }) => {
      // z.int() states the safe-integer range; it is noise in an editor's hover.
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum
    },
  })
  return { $schema, $id: EXPERIMENT_SCHEMA_ID, title, description, ...rest }
}

/**
 * Renders the JSON Schema as the committed file holds it: 2-space indent and a trailing newline.
 *
 * @returns The text of `packages/core/schema/experiment.schema.json`.
 */
export function renderExperimentJsonSchema(): string {
  return `${JSON.stringify(experimentJsonSchema(), null, 2)}\n`
}
