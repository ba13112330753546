import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findArm } from '../config/find-arm.ts'
import type { ArmAssignment, Experiment } from '../types.ts'
import { assignArm, createAssigner } from './assigner.ts'
import {
  assignmentVectors,
  CHI_SQUARE_CRITICAL_P001,
  chiSquareGoodnessOfFit,
  chiSquareIndependence,
  experimentFromVector,
  experimentOf,
  makeExperiment,
  unitIdArbitrary,
  syntheticUuids as uuids,
} from './assignment.fixture.ts'
import { bucketOf } from './bucket.ts'

/** Counts how many of `unitIds` land in each arm, in the order of `armNames`. */
function countArms(
  experiment: Experiment,
  unitIds: readonly string[],
  armNames: readonly string[],
): number[] {
  const assigner = createAssigner(experiment)
  const counts = armNames.map(() => 0)
  for (const unitId of unitIds) {
    const index = armNames.indexOf(assigner.assign(unitId).arm)
    counts[index] = counts[index]! + 1
  }
  return counts
}

describe('assignment vectors', () => {
  it.each(assignmentVectors.assignments)(
    'assignments[%#] %s',
    (_name, vector, unitId, expectedArm, expectedShadows) => {
      const experiment = experimentFromVector(vector)
      const assignment = assignArm(experiment, unitId)
      expect(assignment.arm).toBe(expectedArm)
      expect(assignment.shadowArms).toEqual(expectedShadows)
      expect(assignment.bucket).toBe(bucketOf(vector.salt, unitId))
      expect(assignment.model).toBe(findArm(experiment, expectedArm)!.model.id)
    },
  )
})

describe('createAssigner', () => {
  const experiment = makeExperiment({
    id: 'support-triage',
    salt: 'support-triage-2026-05',
    arms: [
      { name: 'control', weightBasisPoints: 8000, model: 'openai:gpt-4.1' },
      { name: 'candidate', weightBasisPoints: 2000, model: 'openai:gpt-5', shadow: 0.1 },
    ],
  })

  it('fills every field of the assignment', () => {
    const assignment = createAssigner(experiment).assign('session-1')
    expect(assignment).toEqual<ArmAssignment>({
      experiment: 'support-triage',
      arm: assignment.bucket >= 8000 ? 'candidate' : 'control',
      model: assignment.bucket >= 8000 ? 'openai:gpt-5' : 'openai:gpt-4.1',
      bucket: bucketOf('support-triage-2026-05', 'session-1'),
      hashVersion: 1,
      shadowArms: assignment.shadowArms,
    })
  })

  it('is deterministic: separate assigners and assignArm agree on every id', () => {
    const first = createAssigner(experiment)
    const second = createAssigner({ ...experiment, arms: experiment.arms.map((arm) => ({ ...arm })) })
    for (const unitId of uuids(20_000)) {
      const expected = first.assign(unitId)
      expect(second.assign(unitId)).toEqual(expected)
      expect(assignArm(experiment, unitId)).toEqual(expected)
    }
  })

  it('depends on the salt, not on the experiment id', () => {
    const renamed = { ...experiment, id: 'renamed' }
    const resalted = { ...experiment, salt: 'other-salt' }
    const ids = uuids(2000)
    const buckets = (exp: Experiment) => ids.map((unitId) => assignArm(exp, unitId).bucket)
    expect(buckets(renamed)).toEqual(buckets(experiment))
    expect(buckets(resalted)).not.toEqual(buckets(experiment))
  })

  it.each([
    ['the empty string', ''],
    ['null', null],
    ['a number', 42],
    ['undefined', undefined],
  ])('rejects %s as a unit id with UNIT_ID_INVALID', (_case, unitId) => {
    expect(() => createAssigner(experiment).assign(unitId as string)).toThrow(
      expect.objectContaining({ name: 'CoreError', code: 'UNIT_ID_INVALID' }),
    )
  })

  it('rejects an experiment pinned to an unknown hash version', () => {
    expect(() => createAssigner({ ...experiment, hashVersion: 2 })).toThrow(
      expect.objectContaining({ code: 'HASH_VERSION_UNSUPPORTED' }),
    )
  })
})

describe('uniformity', () => {
  it('splits 1,000,000 ids 80/20 (chi-square, df 1, p = 0.001)', () => {
    const counts = countArms(
      experimentOf([
        { name: 'control', weightBasisPoints: 8000 },
        { name: 'candidate', weightBasisPoints: 2000 },
      ]),
      uuids(1_000_000),
      ['control', 'candidate'],
    )
    expect(chiSquareGoodnessOfFit(counts, [0.8, 0.2])).toBeLessThan(CHI_SQUARE_CRITICAL_P001[1]!)
  })

  it('splits 1,000,000 ids 50/30/20 over three arms (chi-square, df 2, p = 0.001)', () => {
    const counts = countArms(
      experimentOf([
        { name: 'control', weightBasisPoints: 5000 },
        { name: 'a', weightBasisPoints: 3000 },
        { name: 'b', weightBasisPoints: 2000 },
      ]),
      uuids(1_000_000),
      ['control', 'a', 'b'],
    )
    expect(chiSquareGoodnessOfFit(counts, [0.5, 0.3, 0.2])).toBeLessThan(CHI_SQUARE_CRITICAL_P001[2]!)
  })
})

describe('independence across salts', () => {
  const split = (salt: string) =>
    experimentOf(
      [
        { name: 'control', weightBasisPoints: 5000 },
        { name: 'a', weightBasisPoints: 3000 },
        { name: 'b', weightBasisPoints: 2000 },
      ],
      salt,
    )

  function crossTable(first: Experiment, second: Experiment, armNames: readonly string[]): number[][] {
    const table = armNames.map(() => armNames.map(() => 0))
    const left = createAssigner(first)
    const right = createAssigner(second)
    for (const unitId of uuids(200_000)) {
      const row = table[armNames.indexOf(left.assign(unitId).arm)]!
      const column = armNames.indexOf(right.assign(unitId).arm)
      row[column] = row[column]! + 1
    }
    return table
  }

  it('assigns two experiments independently over 200,000 ids (3x3 chi-square, df 4, p = 0.001)', () => {
    const table = crossTable(split('checkout-2026-05'), split('search-2026-05'), ['control', 'a', 'b'])
    expect(chiSquareIndependence(table)).toBeLessThan(CHI_SQUARE_CRITICAL_P001[4]!)
  })

  it('stays independent for salts that differ in one character (2x2 chi-square, df 1, p = 0.001)', () => {
    const half = (salt: string) =>
      experimentOf(
        [
          { name: 'control', weightBasisPoints: 5000 },
          { name: 'a', weightBasisPoints: 5000 },
        ],
        salt,
      )
    const table = crossTable(half('exp-1'), half('exp-2'), ['control', 'a'])
    expect(chiSquareIndependence(table)).toBeLessThan(CHI_SQUARE_CRITICAL_P001[1]!)
  })
})

describe('shadow', () => {
  const withShadow = (shadow: number, weight = 2000) =>
    experimentOf([
      { name: 'control', weightBasisPoints: 10000 - weight },
      { name: 'candidate', weightBasisPoints: weight, shadow },
    ])

  it('only adds shadowed units as the shadow share rises', () => {
    const sharePair = fc
      .tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 10000 }))
      .map(([a, b]) => [Math.min(a, b) / 10000, Math.max(a, b) / 10000] as const)
    fc.assert(
      fc.property(
        sharePair,
        fc.array(unitIdArbitrary, { minLength: 1, maxLength: 50 }),
        ([low, high], unitIds) => {
          const before = createAssigner(withShadow(low))
          const after = createAssigner(withShadow(high))
          for (const unitId of unitIds) {
            if (before.assign(unitId).shadowArms.includes('candidate')) {
              expect(after.assign(unitId).shadowArms).toContain('candidate')
            }
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('shadows the stated share of control units (chi-square, df 1, p = 0.001) and no candidate unit', () => {
    const assigner = createAssigner(withShadow(0.05))
    let control = 0
    let shadowed = 0
    for (const unitId of uuids(200_000)) {
      const { arm, shadowArms } = assigner.assign(unitId)
      if (arm === 'candidate') expect(shadowArms).toEqual([])
      if (arm !== 'control') continue
      control++
      if (shadowArms.length > 0) shadowed++
    }
    expect(chiSquareGoodnessOfFit([shadowed, control - shadowed], [0.05, 0.95])).toBeLessThan(
      CHI_SQUARE_CRITICAL_P001[1]!,
    )
  })

  it('draws shadows for a weight-0 candidate, and lists several shadow arms in declaration order', () => {
    const assigner = createAssigner(
      experimentOf([
        { name: 'control', weightBasisPoints: 10000 },
        { name: 'z-first', weightBasisPoints: 0, shadow: 1, slot: 1 },
        { name: 'a-second', weightBasisPoints: 0, shadow: 1, slot: 0 },
      ]),
    )
    expect(assigner.assign('session-1').shadowArms).toEqual(['z-first', 'a-second'])
  })

  it('shadows nobody at share 0 and every control unit at share 1', () => {
    const none = createAssigner(withShadow(0))
    const all = createAssigner(withShadow(1))
    for (const unitId of uuids(5000)) {
      expect(none.assign(unitId).shadowArms).toEqual([])
      const { arm, shadowArms } = all.assign(unitId)
      expect(shadowArms).toEqual(arm === 'control' ? ['candidate'] : [])
    }
  })
})
