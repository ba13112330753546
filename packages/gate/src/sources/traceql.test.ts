import { describe, expect, it } from 'vitest'
import { buildExperimentTraceQl, quoteTraceQl } from './traceql.ts'

describe('quoteTraceQl', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(quoteTraceQl('plain-id_2026')).toBe('"plain-id_2026"')
    expect(quoteTraceQl('a"b\\c')).toBe('"a\\"b\\\\c"')
    expect(quoteTraceQl('line\nbreak\ttab\u0001')).toBe('"line\\nbreak\\ttab\\u0001"')
  })

  it('cannot be broken out of: the escaped text parses back as one JSON string', () => {
    const hostile = '" } || { true } && { "'
    expect(JSON.parse(quoteTraceQl(hostile))).toBe(hostile)
  })
})

describe('buildExperimentTraceQl', () => {
  it('filters on feature_flag.key, and on the service when given', () => {
    expect(buildExperimentTraceQl('support-triage-2026-05')).toBe(
      '{ span.feature_flag.key = "support-triage-2026-05" }',
    )
    expect(buildExperimentTraceQl('exp', 'api')).toBe(
      '{ resource.service.name = "api" && span.feature_flag.key = "exp" }',
    )
  })
})
