import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { parseExperimentText } from './experiment-file.ts'

// Fuzzing the experiment parser: any text, any YAML document, any mutation of a valid file gives a valid
// experiment or the project's typed errors (GateError, CoreError), each problem with a message; never
// another exception.

const VALID = `experiment: fuzz-1
arms:
  control: { model: openai:gpt-4.1, weight: 80 }
  candidate: { model: openai:gpt-5, weight: 20, shadow: 5% }
scope: { agents: [extractor, summarizer] }
pricing:
  openai:gpt-5: { input: 10, output: 40 }
guardrails:
  latency_p95_ms: { max_increase: 10% }
  accuracy: { max_decrease: 2pp }
  citation_stability: { min: 0.90 }
analysis: { alpha: 0.05, power: 0.8, method: sequential, min_units_per_arm: 100, horizon_days: 14 }
`

function parsesOrExplains(text: string): void {
  try {
    parseExperimentText(text, 'fuzz.yaml')
  } catch (err) {
    expect(['GateError', 'CoreError']).toContain((err as Error).name)
    const issues = (err as { issues?: readonly { message: string }[] }).issues ?? []
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0)
  }
}

/** YAML fragments that stress the parser: anchors, aliases, tags, merges, flow, odd scalars. */
const fragment = fc.constantFrom(
  '&a ',
  '*a',
  '<<: *a',
  '!!binary ',
  '!!js/function ',
  '? ',
  '- ',
  '{',
  '}',
  '[',
  ']',
  ', ',
  ': ',
  '\n',
  '  ',
  '"',
  "'",
  '#',
  '%YAML 1.2\n',
  '---\n',
  '...\n',
  '|\n  ',
  '>-\n  ',
  '~',
  'null',
  '.inf',
  '-.nan',
  '0x1F',
  '1e308',
  '__proto__',
  'constructor',
  '\u0000',
  '\uFEFF',
  '\t',
)

describe('parseExperimentText, fuzzed', () => {
  it('any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), parsesOrExplains), { numRuns: 300 })
  })

  it('any YAML document', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => parsesOrExplains(stringify(value) ?? '')),
      { numRuns: 300 },
    )
  })

  it('a valid file with hostile fragments spliced in', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat({ max: VALID.length }), fc.array(fragment, { minLength: 1, maxLength: 4 })),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (splices) => {
          let text = VALID
          for (const [at, parts] of splices) text = text.slice(0, at) + parts.join('') + text.slice(at)
          parsesOrExplains(text)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('a valid file with its values replaced by anything', () => {
    const doc = {
      experiment: 'fuzz-2',
      arms: {
        control: { model: 'openai:gpt-4.1', weight: 50 },
        candidate: { model: 'openai:gpt-5', weight: 50 },
      },
      guardrails: { error_rate: { max_increase: '1pp' } },
    }
    fc.assert(
      fc.property(
        fc.constantFrom('experiment', 'arms', 'guardrails', 'unit', 'analysis', 'pricing', 'scope'),
        fc.anything(),
        (key, value) => parsesOrExplains(stringify({ ...doc, [key]: value })),
      ),
      { numRuns: 300 },
    )
  })
})
