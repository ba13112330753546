import { describe, expect, it } from 'vitest'
import { computeClassicalConstant, computeSpendingBoundaries } from './boundaries.ts'
import type { Expected } from './group-sequential.fixture.ts'
import { groupSequentialVectors as vectors } from './group-sequential.fixture.ts'
import { computeMonitoringPower } from './monitoring-boundary.ts'
import { computeSpentAlpha } from './spending-function.ts'

/** Z-scale values (constants, boundaries) compare absolutely; probabilities relatively. */
function expectZ(actual: number, expected: Expected<number>): void {
  expect(Math.abs(actual - expected.reference), `${actual} vs reference ${expected.reference}`).toBeLessThan(
    vectors.tolerance.reference,
  )
  if (expected.published !== undefined) {
    expect(
      Math.abs(actual - expected.published),
      `${actual} vs published ${expected.published}`,
    ).toBeLessThan(vectors.tolerance.published)
  }
}

function expectProbability(actual: number, expected: Expected<number>): void {
  const relative = (value: number) => Math.abs(actual - value) / Math.abs(value)
  expect(relative(expected.reference), `${actual} vs reference ${expected.reference}`).toBeLessThan(
    vectors.tolerance.reference,
  )
  if (expected.published !== undefined) {
    expect(relative(expected.published), `${actual} vs published ${expected.published}`).toBeLessThan(
      vectors.tolerance.published,
    )
  }
}

describe('group-sequential vectors', () => {
  it('are the version these tests were written for, with every published table row', () => {
    expect(vectors.specVersion).toBe(1)
    // Pocock and O'Brien–Fleming, K = 2…10, α = 0.05 and 0.01 (Jennison & Turnbull 2000, Tables 2.1, 2.3).
    expect(vectors.classicalConstants.rows.filter(([, , e]) => e.published !== undefined)).toHaveLength(36)
  })

  it.each(vectors.classicalConstants.rows)('classical constant %s', (_name, inputs, expected) => {
    expectZ(computeClassicalConstant(inputs.shape, inputs.looks, inputs.alpha), expected)
  })

  it.each(vectors.spentAlpha.rows)('spent alpha %s', (_name, inputs, expected) => {
    expectProbability(computeSpentAlpha(inputs.spending, inputs.alpha, inputs.t), expected)
  })

  it.each(vectors.spendingBoundaries.rows)('Lan–DeMets boundaries %s', (_name, inputs, expected) => {
    const bounds = computeSpendingBoundaries(inputs)
    expect(bounds).toHaveLength(expected.reference.length)
    bounds.forEach((bound, i) => {
      const published = expected.published?.[i]
      expectZ(bound, {
        reference: expected.reference[i] ?? Number.NaN,
        ...(published === undefined ? {} : { published }),
      })
    })
  })

  it.each(vectors.monitoringPower.rows)('continuous-monitoring power %s', (_name, inputs, expected) => {
    expectProbability(computeMonitoringPower(inputs.drift, inputs.level), expected)
  })
})
