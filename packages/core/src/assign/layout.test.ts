import { describe, expect, it } from 'vitest'
import type { ArmSpec } from './assignment.fixture.ts'
import { makeExperiment } from './assignment.fixture.ts'
import { layoutBuckets } from './layout.ts'

const arms = (...specs: ArmSpec[]) => makeExperiment({ arms: specs }).arms

describe('layoutBuckets', () => {
  it('puts one candidate at the top and control below it', () => {
    expect(
      layoutBuckets(
        arms({ name: 'control', weightBasisPoints: 8000 }, { name: 'gpt5', weightBasisPoints: 2000 }),
      ),
    ).toEqual([
      { arm: 'gpt5', startBucket: 8000, endBucket: 10000 },
      { arm: 'control', startBucket: 0, endBucket: 8000 },
    ])
  })

  it('puts slot 0 at the top, slot 1 at the bottom and control in the middle', () => {
    const layout = layoutBuckets(
      arms(
        { name: 'control', weightBasisPoints: 7000 },
        { name: 'gpt5', weightBasisPoints: 2000 },
        { name: 'claude', weightBasisPoints: 1000 },
      ),
    )
    expect(layout).toEqual([
      { arm: 'gpt5', startBucket: 8000, endBucket: 10000 },
      { arm: 'claude', startBucket: 0, endBucket: 1000 },
      { arm: 'control', startBucket: 1000, endBucket: 8000 },
    ])
  })

  it('stacks even slots down from the top and odd slots up from the bottom, in slot order', () => {
    const layout = layoutBuckets(
      arms(
        { name: 'control', weightBasisPoints: 4000 },
        { name: 's3', weightBasisPoints: 500, slot: 3 },
        { name: 's2', weightBasisPoints: 1500, slot: 2 },
        { name: 's1', weightBasisPoints: 1000, slot: 1 },
        { name: 's0', weightBasisPoints: 2000, slot: 0 },
        { name: 's4', weightBasisPoints: 1000, slot: 4 },
      ),
    )
    expect(layout).toEqual([
      { arm: 's0', startBucket: 8000, endBucket: 10000 },
      { arm: 's2', startBucket: 6500, endBucket: 8000 },
      { arm: 's4', startBucket: 5500, endBucket: 6500 },
      { arm: 's1', startBucket: 0, endBucket: 1000 },
      { arm: 's3', startBucket: 1000, endBucket: 1500 },
      { arm: 'control', startBucket: 1500, endBucket: 5500 },
    ])
  })

  it('closes gaps left by unused slots: slot 3 alone sits at the bottom', () => {
    const layout = layoutBuckets(
      arms({ name: 'control', weightBasisPoints: 9000 }, { name: 'late', weightBasisPoints: 1000, slot: 3 }),
    )
    expect(layout).toEqual([
      { arm: 'late', startBucket: 0, endBucket: 1000 },
      { arm: 'control', startBucket: 1000, endBucket: 10000 },
    ])
  })

  it('gives a weight-0 candidate an empty range and covers all 10,000 buckets exactly once', () => {
    const layout = layoutBuckets(
      arms(
        { name: 'control', weightBasisPoints: 9500 },
        { name: 'shadowed', weightBasisPoints: 0, shadow: 0.05 },
        { name: 'small', weightBasisPoints: 500 },
      ),
    )
    expect(layout.find((range) => range.arm === 'shadowed')).toEqual({
      arm: 'shadowed',
      startBucket: 10000,
      endBucket: 10000,
    })
    const covered = layout.reduce((sum, range) => sum + range.endBucket - range.startBucket, 0)
    expect(covered).toBe(10000)
  })

  it.each([
    ['no control arm', [{ name: 'a', weightBasisPoints: 10000 }], /0 control arms/],
    [
      'two candidates in one slot',
      [
        { name: 'control', weightBasisPoints: 8000 },
        { name: 'a', weightBasisPoints: 1000, slot: 1 },
        { name: 'b', weightBasisPoints: 1000, slot: 1 },
      ],
      /arms\.b has slot 1, already taken by arms\.a/,
    ],
    [
      'a negative slot',
      [
        { name: 'control', weightBasisPoints: 9000 },
        { name: 'a', weightBasisPoints: 1000, slot: -2 },
      ],
      /arms\.a has slot -2/,
    ],
    [
      'a fractional weight',
      [
        { name: 'control', weightBasisPoints: 9999.5 },
        { name: 'a', weightBasisPoints: 0.5 },
      ],
      /weightBasisPoints 9999\.5/,
    ],
    [
      'weights that do not sum to 100%',
      [
        { name: 'control', weightBasisPoints: 8000 },
        { name: 'a', weightBasisPoints: 1000 },
      ],
      /sum to 90%/,
    ],
    [
      'a shadow given in percent',
      [
        { name: 'control', weightBasisPoints: 10000 },
        { name: 'a', weightBasisPoints: 0, shadow: 5 },
      ],
      /arms\.a has shadow 5/,
    ],
  ] as const)('rejects %s with CONFIG_INVALID', (_case, specs, message) => {
    expect(() => layoutBuckets(arms(...specs))).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(message) }),
    )
  })

  it('reports the offending path in issues', () => {
    try {
      layoutBuckets(
        arms({ name: 'control', weightBasisPoints: 9000 }, { name: 'a', weightBasisPoints: 1000, slot: 0.5 }),
      )
      expect.unreachable()
    } catch (error) {
      expect(error).toMatchObject({ issues: [{ path: ['arms', 'a', 'slot'] }] })
    }
  })
})
