import { readFileSync } from 'node:fs'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { AnalysisReport } from '../types.ts'
import { renderJson, toReportJson } from './json.ts'
import { buildFixtureReport, FIXTURE_SCENARIOS, withHostileNames, withManyAgents } from './report.fixture.ts'
import type { ReportJson } from './report-schema.ts'
import { validateReportJson } from './report-schema.ts'

/** A type with every array and object read-only, as the in-memory report is. */
type ReadOnly<T> = T extends readonly (infer U)[]
  ? readonly ReadOnly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: ReadOnly<T[K]> }
    : T

const SCENARIOS = FIXTURE_SCENARIOS
const DOC = readFileSync(new URL('../../../../docs/report-schema.md', import.meta.url), 'utf8')

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
    parsed.schemaVersion = 3
    parsed.verdict.guardrails[0].status = 'ok'
    parsed.arms[1].errorRate = 1.5
    delete parsed.extraction.spansRead
    parsed.history[0].units = 12.5
    parsed.generatedAt = 'yesterday'
    expect(validateReportJson(parsed)).toEqual([
      'schemaVersion: expected one of 2, got 3',
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
      'verdict.newField: field is not in schemaVersion 2',
    ])
  })

  it('rejects what is not a report at all', () => {
    expect(validateReportJson(null)).toEqual(['(root): expected an object, got null'])
    expect(validateReportJson([])).toEqual(['(root): expected an object, got an array'])
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
