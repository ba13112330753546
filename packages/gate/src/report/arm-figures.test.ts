import { describe, expect, it } from 'vitest'
import type { ArmReport } from '../types.ts'
import { buildFigureRows, joinFigureCell } from './arm-figures.ts'

function arm(name: string, figures: Partial<ArmReport> = {}): ArmReport {
  return {
    arm: name,
    model: `openai:${name}`,
    weight: 50,
    source: 'traffic',
    units: 1000,
    runs: 1000,
    calls: 4000,
    callsWithUnknownCost: 0,
    ...figures,
  }
}

function row(rows: ReturnType<typeof buildFigureRows>, label: string): string[] {
  const found = rows.find((candidate) => candidate.label === label)
  if (found === undefined) throw new Error(`no row ${label}`)
  return found.cells.map(joinFigureCell)
}

describe('buildFigureRows', () => {
  const rows = buildFigureRows(
    [
      arm('control', {
        latencyMs: { p50: 500, p95: 1000, p99: 2000 },
        errorRate: 0.01,
        costPerCallUsd: 0,
        judgeScore: 4,
      }),
      arm('candidate', {
        latencyMs: { p50: 520, p95: 1123, p99: 2100 },
        errorRate: 0.0125,
        costPerCallUsd: 0.002,
        judgeScore: 3.8,
        weight: 0,
        source: 'shadow',
        citationStability: 0.91,
        citationPairs: 300,
      }),
    ],
    'control',
    'session',
  )

  it('gives changes versus control: relative for latency, pp for rates, points for the judge', () => {
    expect(row(rows, 'latency P95')).toEqual(['1,000 ms', '1,123 ms (+12.3%)'])
    expect(row(rows, 'error rate')).toEqual(['1.00%', '1.25% (+0.25pp)'])
    expect(row(rows, 'judge (1–5)')).toEqual(['4', '3.8 (-0.2 pts)'])
  })

  it('gives no relative change against a control value of 0, and dashes for missing figures', () => {
    expect(row(rows, 'cost per call')).toEqual(['$0', '$0.002'])
    expect(row(rows, 'accuracy')).toEqual(['—', '—'])
  })

  it('labels units by the experiment unit, marks shadow arms and shows citation pairs', () => {
    expect(row(rows, 'sessions')).toEqual(['1,000', '1,000'])
    expect(row(rows, 'weight')).toEqual(['50%', '0% (shadow)'])
    expect(row(rows, 'citation stability')).toEqual(['—', '0.91 (300 pairs)'])
  })
})
