import { describe, expect, it } from 'vitest'
import { MeanAccumulator } from '../sequential/mean-accumulator.ts'
import { createRandom } from '../sequential/seeded-random.ts'
import { allowedFailures } from '../sequential/sequential.fixture.ts'
import { decideVerdict } from './decide.ts'
import { armObservations, buildExperiment } from './verdict.fixture.ts'

/**
 * A/A: both arms run the same model. The gate looks every 100 sessions per arm up to 2,000 and the
 * tolerances are nearly 0, so "fail" means "significantly worse": over 200 experiments the share that
 * ever fails must stay at or below alpha (plus a binomial margin), however often the gate looks.
 */
describe('A/A simulation (200 experiments, a look every 100 sessions per arm up to 2,000)', () => {
  const experiments = 200
  const experiment = buildExperiment({
    guardrails: { cost_per_run_usd: { max_increase: '0.1%' }, run_failure_rate: { max_increase: '0.1pp' } },
  })

  function countFails(runs: number, candidateCostFactor: number): number {
    const random = createRandom(20260501)
    let failed = 0
    for (let e = 0; e < runs; e += 1) {
      const cost = [new MeanAccumulator(), new MeanAccumulator()] as const
      const failure = [new MeanAccumulator(), new MeanAccumulator()] as const
      for (let units = 100; units <= 2000; units += 100) {
        for (let i = 0; i < 100; i += 1) {
          for (const arm of [0, 1] as const) {
            cost[arm].add(Math.exp(-3.2 + 0.5 * random.normal()) * (arm === 1 ? candidateCostFactor : 1))
            failure[arm].add(random.uniform() < 0.05 ? 1 : 0)
          }
        }
        const verdict = decideVerdict({
          experiment,
          arms: [
            armObservations('control', units, {
              cost_per_run_usd: { kind: 'mean', summary: cost[0].summary() },
              run_failure_rate: { kind: 'mean', summary: failure[0].summary() },
            }),
            armObservations('candidate', units, {
              cost_per_run_usd: { kind: 'mean', summary: cost[1].summary() },
              run_failure_rate: { kind: 'mean', summary: failure[1].summary() },
            }),
          ],
          observedDays: units / 1000,
          plannedUnitsPerArm: 2000,
        })
        if (verdict.status === 'fail') {
          failed += 1
          break
        }
      }
    }
    return failed
  }

  it('fails good models no more often than alpha, at every look', () => {
    expect(countFails(experiments, 1)).toBeLessThanOrEqual(
      allowedFailures(experiment.analysis.alpha, experiments),
    )
  })

  it('still catches a real regression (cost +15%) in most experiments by 2,000 sessions', () => {
    expect(countFails(40, 1.15)).toBeGreaterThanOrEqual(32)
  })
})
