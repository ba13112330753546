import { readFileSync } from 'node:fs'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { AnalysisReport } from '../types.ts'
import { renderJson, toReportJson } from './json.ts'
import { buildFixtureReport, FIXTURE_SCENARIOS, withHostileNames, withManyAgents } from './report.fixture.ts'
import type { ReportJson } from './report-schema.ts'
import { reportJsonSchema, validateReportJson } from './report-schema.ts'

/** A type with every array and object read-only, as the in-memory report is. */
type ReadOnly<T> = T extends readonly (infer U)[]
  ? readonly ReadOnly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: ReadOnly<T[K]> }
    : T

const SCENARIOS = FIXTURE_SCENARIOS
const DOC = readFileSync(new URL('../../../../docs/report-schema.md', import.meta.url), 'utf8')
/**
 * A real schemaVersion 2 report: `llm-canary analyze --format json` of the version before 3, on the demo's
 * spans of 8 sessions (7 control, 1 candidate: four guardrails `too_few_sessions`).
 */
const VERSION_2 = readFileSync(
  new URL('../../test/fixtures/reports/demo-schema-v2.json', import.meta.url),
  'utf8',
)

/** Records keyed by arm name, written `<arm>` in the documentation. */
const ARM_RECORDS = new Set([
  'verdict.srm.observed',
  'verdict.srm.expected',
  'verdict.samplesNeeded.perArm',
  'verdict.guardrails[].unitsNeeded',
])

function collectPaths(value: unknown, path: string, into: Set<string>): Set<string> {
  if (path !== '' && !path.endsWith('[]')) into.add(path)
  if (Array.isArray(value)) {
    for (const element of value) collectPaths(element, `${path}[]`, into)
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, element] of Object.entries(value)) {
      const name = ARM_RECORDS.has(path) ? '<arm>' : key
      collectPaths(element, path === '' ? name : `${path}.${name}`, into)
    }
  }
  return into
}

function documentedPaths(): Set<string> {
  const paths = new Set<string>()
  for (const line of DOC.split('\n')) {
    const match = /^\| `([^`]+)` \|/.exec(line)
    if (match?.[1] !== undefined) paths.add(match[1])
  }
  return paths
}

describe('the report contract, defined once by the zod schema', () => {
  it('types the in-memory report as something the schema reads, and the JSON document by the schema', () => {
    expectTypeOf<AnalysisReport>().toExtend<ReadOnly<ReportJson>>()
    expectTypeOf(toReportJson).returns.toEqualTypeOf<ReportJson>()
  })

  it.each(SCENARIOS)('projects the %s report to exactly the fields the schema keeps', (scenario) => {
    const report = buildFixtureReport(scenario)
    const json = toReportJson({ ...report, undocumented: 1 } as AnalysisReport)
    expect(json).not.toHaveProperty('undocumented')
    expect(validateReportJson(json, { strict: true })).toEqual([])
    expect(Object.keys(json)).toEqual([
      'schemaVersion',
      'generatedAt',
      'experiment',
      'source',
      'window',
      'verdict',
      'arms',
      'agents',
      'history',
      'extraction',
    ])
  })

  it('refuses to write a report that breaks the schema, naming the field', () => {
    const report = buildFixtureReport('pass')
    const broken = { ...report, verdict: { ...report.verdict, status: 'maybe' } } as unknown as AnalysisReport
    expect(() => toReportJson(broken)).toThrow(/verdict\.status: expected one of pass \| fail/)
  })
})

describe('validateReportJson', () => {
  it.each(SCENARIOS)('accepts the rendered %s report, strictly', (scenario) => {
    const parsed = JSON.parse(renderJson(buildFixtureReport(scenario)))
    expect(validateReportJson(parsed, { strict: true })).toEqual([])
  })

  it('accepts reports with hostile names and thousands of agents', () => {
    const report = withManyAgents(withHostileNames(buildFixtureReport('fail')), 2_000)
    expect(validateReportJson(JSON.parse(renderJson(report)), { strict: true })).toEqual([])
  })

  it('reports every problem with its path', () => {
    const parsed = JSON.parse(renderJson(buildFixtureReport('fail')))
    parsed.verdict.guardrails[0].status = 'ok'
    parsed.arms[1].errorRate = 1.5
    delete parsed.extraction.spansRead
    parsed.history[0].units = 12.5
    parsed.generatedAt = 'yesterday'
    expect(validateReportJson(parsed)).toEqual([
      'generatedAt: expected an ISO 8601 time, got "yesterday"',
      'verdict.guardrails.0.status: expected one of pass | fail | suspected_regression | inconclusive | no_data, got "ok"',
      'arms.1.errorRate: expected a number ≥ 0 ≤ 1, got 1.5',
      'history.0.units: expected an integer ≥ 0, got 12.5',
      'extraction.spansRead: required field is missing',
    ])
  })

  it('ignores unknown fields unless strict, since fields may be added within a version', () => {
    const parsed = JSON.parse(renderJson(buildFixtureReport('pass')))
    parsed.verdict.newField = 1
    expect(validateReportJson(parsed)).toEqual([])
    expect(validateReportJson(parsed, { strict: true })).toEqual([
      'verdict.newField: field is not in schemaVersion 3',
    ])
  })

  it('rejects what is not a report at all', () => {
    expect(validateReportJson(null)).toEqual(['(root): expected an object, got null'])
    expect(validateReportJson([])).toEqual(['(root): expected an object, got an array'])
  })
})

describe('a schemaVersion 2 report, read back', () => {
  it('validates, strictly, as version 3 reads it', () => {
    expect(validateReportJson(JSON.parse(VERSION_2), { strict: true })).toEqual([])
  })

  it('is read as version 3: sessions as units, too_few_sessions as too_few_units, nothing else changed', () => {
    const original = JSON.parse(VERSION_2)
    const read = reportJsonSchema.parse(JSON.parse(VERSION_2))
    expect(read.schemaVersion).toBe(3)
    expect(read.arms.map((arm) => [arm.arm, arm.units])).toEqual([
      ['control', 7],
      ['candidate', 1],
    ])
    expect(read.agents.map((agent) => agent.units)).toEqual(
      original.agents.map((agent: { sessions: number }) => agent.sessions),
    )
    expect(read.extraction.units).toBe(8)
    expect(JSON.stringify(read)).not.toMatch(/"sessions"|"too_few_sessions"/)
    const reasons = read.verdict.guardrails.map((guardrail) => guardrail.reason)
    expect(reasons.filter((reason) => reason === 'too_few_units')).toHaveLength(4)
    expect(reasons).toEqual(
      original.verdict.guardrails.map((guardrail: { reason: string }) =>
        guardrail.reason === 'too_few_sessions' ? 'too_few_units' : guardrail.reason,
      ),
    )
    const { schemaVersion: _v2, arms: _a2, agents: _g2, extraction: _e2, verdict: v2, ...rest2 } = original
    const { schemaVersion: _v3, arms: _a3, agents: _g3, extraction: _e3, verdict: v3, ...rest3 } = read
    expect(rest3).toEqual(rest2)
    expect({ ...v3, guardrails: [] }).toEqual({ ...v2, guardrails: [] })
  })

  it('gives a pass version 2 withheld for values set aside its version 3 cause, values_set_aside', () => {
    const withheld = JSON.parse(VERSION_2)
    withheld.verdict.status = 'review'
    withheld.verdict.cause = 'all_within_tolerance'
    expect(reportJsonSchema.parse(withheld).verdict.cause).toBe('values_set_aside')
    const undecided = reportJsonSchema.parse(JSON.parse(VERSION_2))
    expect(undecided.verdict).toMatchObject({ status: 'inconclusive', cause: 'undecided' })
  })

  it('names what is wrong in a broken one, and refuses a version it does not know', () => {
    const broken = JSON.parse(VERSION_2)
    broken.arms[0].sessions = -1
    broken.verdict.guardrails[2].reason = 'too_few_users'
    expect(validateReportJson(broken)).toEqual([
      expect.stringMatching(/^verdict\.guardrails\.2\.reason: expected one of .* got "too_few_users"$/),
      'arms.0.units: expected an integer ≥ 0, got -1',
    ])
    for (const [version, got] of [
      [1, '1'],
      [4, '4'],
      ['3', '"3"'],
    ]) {
      expect(validateReportJson({ ...JSON.parse(VERSION_2), schemaVersion: version })).toEqual([
        `schemaVersion: expected one of 2 | 3, got ${got}`,
      ])
    }
  })

  it('is not what the writer writes: a version 2 document is not projected as version 3', () => {
    expect(() => toReportJson(JSON.parse(VERSION_2))).toThrow(/schemaVersion: expected one of 3, got 2/)
  })
})

describe('docs/report-schema.md', () => {
  it('documents every field the renderer writes', () => {
    const documented = documentedPaths()
    const written = new Set<string>()
    for (const scenario of SCENARIOS)
      collectPaths(JSON.parse(renderJson(buildFixtureReport(scenario))), '', written)
    const undocumented = [...written].filter((path) => {
      if (documented.has(path)) return false
      // Agents carry the arms' figures, documented once under arms[].
      return !(path.startsWith('agents[].') && documented.has(path.replace(/^agents\[\]/, 'arms[]')))
    })
    expect(written.size).toBeGreaterThan(60)
    expect(undocumented).toEqual([])
  })

  it('states the stability promise and the Markdown cut order', () => {
    expect(DOC).toContain('**additive only**')
    expect(DOC).toMatch(
      /1\. the interval history charts,\n2\. the per-agent breakdown,\n3\. the extraction warnings/,
    )
  })
})
