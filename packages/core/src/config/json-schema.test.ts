import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EXPERIMENT_SCHEMA_ID, experimentJsonSchema, renderExperimentJsonSchema } from './json-schema.ts'
import { GUARDRAIL_METRIC_NAMES, listAllowedBounds } from './metrics.ts'

const COMMITTED = new URL('../../schema/experiment.schema.json', import.meta.url)
const REGENERATE = 'cd packages/core && npx tsx --conditions=@llm-canary/source scripts/write-json-schema.ts'

type JsonObject = Record<string, unknown>

function at(schema: unknown, ...keys: string[]): JsonObject {
  let current = schema
  for (const key of keys) current = (current as JsonObject)[key]
  return current as JsonObject
}

describe('schema/experiment.schema.json', () => {
  it('matches a fresh generation from the zod schema', () => {
    let committed = ''
    try {
      committed = readFileSync(COMMITTED, 'utf8')
    } catch {
      // A missing file fails the comparison below, with the command that writes it.
    }
    expect(committed, `schema/experiment.schema.json is stale; regenerate it: ${REGENERATE}`).toBe(
      renderExperimentJsonSchema(),
    )
  })
})

describe('experimentJsonSchema', () => {
  const schema = experimentJsonSchema()

  it('names itself and its draft', () => {
    expect(schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: EXPERIMENT_SCHEMA_ID,
      title: 'llm-canary experiment',
    })
    expect(Object.keys(schema).slice(0, 4)).toEqual(['$schema', '$id', 'title', 'description'])
  })

  it('describes the input: only experiment and arms are required, defaults are shown', () => {
    expect(schema.required).toEqual(['experiment', 'arms'])
    expect(at(schema, 'properties', 'unit').default).toBe('session')
    expect(at(schema, 'properties', 'analysis', 'properties', 'alpha').default).toBe(0.05)
    expect(at(schema, 'properties', 'analysis', 'properties', 'fail_rule')).toMatchObject({
      default: 'bound',
      enum: ['estimate', 'bound'],
    })
  })

  it('rejects unknown keys and requires a control arm without shadow or slot', () => {
    expect(schema.additionalProperties).toBe(false)
    const arms = at(schema, 'properties', 'arms')
    expect(arms.required).toEqual(['control'])
    expect(Object.keys(at(arms, 'properties', 'control', 'properties'))).toEqual(['model', 'weight'])
    expect(Object.keys(at(arms, 'additionalProperties', 'properties'))).toEqual([
      'model',
      'weight',
      'shadow',
      'slot',
    ])
    expect(at(arms, 'propertyNames').pattern).toBe('^[a-z][a-z0-9_-]{0,62}$')
  })

  it('offers exactly the bounds of the metric catalogue, one per guardrail', () => {
    const guardrails = at(schema, 'properties', 'guardrails', 'properties')
    expect(Object.keys(guardrails)).toEqual([...GUARDRAIL_METRIC_NAMES])
    for (const metric of GUARDRAIL_METRIC_NAMES) {
      const guardrail = at(guardrails, metric)
      expect(Object.keys(at(guardrail, 'properties')), metric).toEqual(listAllowedBounds(metric))
      expect([guardrail.minProperties, guardrail.maxProperties], metric).toEqual([1, 1])
    }
  })

  it('gives every field a description for editors', () => {
    const missing: string[] = []
    const visit = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return
      const properties = (node as JsonObject).properties
      if (typeof properties !== 'object' || properties === null) return
      for (const [key, child] of Object.entries(properties)) {
        if (typeof (child as JsonObject).description !== 'string') missing.push(`${path}.${key}`)
        visit(child, `${path}.${key}`)
        visit((child as JsonObject).additionalProperties, `${path}.${key}.*`)
      }
    }
    visit(schema, '')
    expect(missing).toEqual([])
  })

  it('drops the safe-integer bounds zod puts on integers', () => {
    expect(renderExperimentJsonSchema()).not.toContain(String(Number.MAX_SAFE_INTEGER))
  })
})
