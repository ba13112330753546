import type { PullState } from '../../github-fake/index.ts'
import { ActionScenario } from './action-scenario.ts'
import type { CanaryTraffic } from './canary-traces.ts'
import { EXPERIMENT_PATH, experimentText, rampCandidate } from './experiment-texts.ts'
import { daysAgo } from './scenario-clock.ts'

/** A repository where a model step merged two days ago and has regressed since. */
export interface MergedRegression {
  readonly s: ActionScenario
  /** The merged pull request (#1): the candidate ramped from 50% to 80%. */
  readonly bump: PullState
  readonly mergedAt: Date
  /** The experiment file before the bump. */
  readonly base: string
  /** The experiment file the bump merged. */
  readonly ramped: string
  /** The spans since the merge: the candidate's P95 latency 1.6× control's. */
  readonly regressed: CanaryTraffic
}

/**
 * Starts the offline GitHub with the experiment on main for twenty days and alice's ramp to 80% merged two
 * days ago by the owner, and the regressed traffic since.
 */
export async function startMergedRegression(): Promise<MergedRegression> {
  const s = await ActionScenario.start()
  const base = experimentText()
  const ramped = rampCandidate(base, 80)
  s.gh.commit('main', { [EXPERIMENT_PATH]: base }, { message: 'Add the experiment', date: daysAgo(20) })
  s.gh.setPermission('alice', 'write')
  const bump = s.gh.openPullRequest({
    head: 'ramp-80',
    files: { [EXPERIMENT_PATH]: ramped },
    author: 'alice',
    title: 'Ramp gpt-5 to 80%',
    date: daysAgo(2.5),
  })
  const mergedAt = daysAgo(2)
  s.gh.merge(bump.number, { by: 'acme', date: mergedAt })
  const regressed: CanaryTraffic = {
    experiment: ramped,
    sessions: 2000,
    start: daysAgo(1.9),
    regression: { arm: 'candidate', latencyFactor: 1.6 },
  }
  return { s, bump, mergedAt, base, ramped, regressed }
}
