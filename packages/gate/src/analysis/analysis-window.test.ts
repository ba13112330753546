import { describe, expect, it } from 'vitest'
import { checkAnalysisWindow } from './analysis-window.ts'

const since = new Date('2026-05-01T00:00:00Z')

describe('checkAnalysisWindow', () => {
  it('accepts an end after the start, and no end', () => {
    expect(() => checkAnalysisWindow(since, new Date('2026-05-02T00:00:00Z'))).not.toThrow()
    expect(() => checkAnalysisWindow(since, undefined)).not.toThrow()
  })

  it('names the options for the library and the flags for the CLI', () => {
    expect(() => checkAnalysisWindow(since, since)).toThrow(
      'the analysis window ends (until 2026-05-01T00:00:00.000Z) before it starts (since 2026-05-01T00:00:00.000Z); pass an until after since',
    )
    expect(() => checkAnalysisWindow(since, new Date(0), { since: '--since', until: '--until' })).toThrow(
      /ends \(--until 1970-01-01T00:00:00.000Z\) before it starts \(--since 2026-05-01.*pass an --until after --since/,
    )
  })

  it('refuses an invalid start or end as a usage error', () => {
    expect(() => checkAnalysisWindow(new Date(Number.NaN), undefined)).toThrow(
      expect.objectContaining({
        code: 'USAGE',
        message: expect.stringContaining('(since) is not a valid date'),
      }),
    )
    expect(() => checkAnalysisWindow(since, new Date(Number.NaN))).toThrow(/ends \(until an invalid date\)/)
  })
})
