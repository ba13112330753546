import { describe, expect, it } from 'vitest'
import type { AnalysisReport } from '../types.ts'
import { buildFixtureReport } from './report.fixture.ts'
import {
  describeExtraction,
  describePlan,
  describeSamplesNeeded,
  describeSrm,
  drawProgressBar,
  formatProgress,
  listPlanProgress,
} from './report-facts.ts'

function withEta(report: AnalysisReport, eta: number | undefined): AnalysisReport {
  const needed = report.verdict.samplesNeeded
  if (needed === undefined) throw new Error('the fixture needs samples')
  const samplesNeeded = eta === undefined ? { perArm: needed.perArm } : { perArm: needed.perArm, eta }
  return { ...report, verdict: { ...report.verdict, samplesNeeded } }
}

describe('report facts', () => {
  it('draws progress bars clamped to [0, 1]', () => {
    expect(drawProgressBar(0.5, 10)).toBe('█████░░░░░')
    expect(drawProgressBar(1.7, 4)).toBe('████')
    expect(drawProgressBar(-1, 4)).toBe('░░░░')
    expect(drawProgressBar(Number.NaN, 4)).toBe('░░░░')
  })

  it('reports progress past the plan as it is', () => {
    const [control] = listPlanProgress(buildFixtureReport('pass'))
    expect(control?.fraction).toBeCloseTo(16_000 / 6_000, 10)
    expect(control === undefined ? '' : formatProgress(control)).toBe('16,000 / 6,000 (266.7%)')
  })

  it('says where the plan came from', () => {
    expect(describePlan(buildFixtureReport('pass'))).toBe('6,000 sessions per arm (max_units_per_arm)')
  })

  it('describes the SRM check with observed and expected units', () => {
    const srm = describeSrm(buildFixtureReport('review'))
    expect(srm.mismatch).toBe(true)
    expect(srm.text).toMatch(
      /^p < 1e-15 \(χ² = \d+\.\d\d; a mismatch is p < 0\.001\): control 8,000 \(expected 7,600\), candidate 1,500 \(expected 1,900\)$/,
    )
  })

  it('explains a missing or unreachable ETA', () => {
    const report = buildFixtureReport('inconclusive')
    expect(describeSamplesNeeded(withEta(report, 2.34))).toMatch(/; ETA 2\.3 days at the observed traffic$/)
    expect(describeSamplesNeeded(withEta(report, undefined))).toMatch(
      /; no ETA: the traffic rate is unknown$/,
    )
    expect(describeSamplesNeeded(withEta(report, Infinity))).toMatch(
      /; no ETA: an arm that needs more gets no traffic$/,
    )
    expect(describeSamplesNeeded(buildFixtureReport('pass'))).toBeUndefined()
  })

  it('lists the extraction numbers', () => {
    expect(describeExtraction(buildFixtureReport('no-data'))).toBe(
      '0 spans read, 0 skipped, 0 ignored; 0 LLM spans; 0 sessions',
    )
  })
})
