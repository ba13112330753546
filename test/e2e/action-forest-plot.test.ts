import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderComment } from '../helpers/rendered-comment.ts'
import { ActionScenario, SCENARIO_TIMEOUT_MS } from './action-support/action-scenario.ts'
import type { CanaryTraffic } from './action-support/canary-traces.ts'
import { EXPERIMENT_PATH, experimentText, rampCandidate } from './action-support/experiment-texts.ts'
import { daysAgo } from './action-support/scenario-clock.ts'

// The three places a reviewer reads the gate's result — the PR comment, the check run's summary and the
// job summary — show the same forest plot, right under the verdict, and GitHub can render each.
const triage = experimentText()
const regressed: CanaryTraffic = {
  experiment: triage,
  sessions: 2000,
  start: daysAgo(3),
  regression: { arm: 'candidate', latencyFactor: 1.6 },
}

let s: ActionScenario

beforeAll(async () => {
  s = await ActionScenario.start()
  s.gh.commit('main', { [EXPERIMENT_PATH]: triage }, { message: 'Add the experiment', date: daysAgo(10) })
})
afterAll(() => s.close())

/** The forest plot: the first ```text block after the verdict line. */
function forestPlotOf(markdown: string): string {
  const verdict = markdown.search(/^## [❌✅⏳👀] [A-Z]+ — /mu)
  const start = markdown.indexOf('```text\n', verdict)
  const end = markdown.indexOf('\n```', start + 1)
  expect(verdict).toBeGreaterThanOrEqual(0)
  expect(
    markdown
      .slice(verdict, start)
      .split('\n')
      .filter((line) => line !== ''),
  ).toHaveLength(1)
  return markdown.slice(start, end)
}

describe('the forest plot on every surface', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('is the same in the comment, the check summary and the job summary, under the verdict', async () => {
    const pr = s.gh.openPullRequest({
      head: 'ramp',
      files: { [EXPERIMENT_PATH]: rampCandidate(triage, 70) },
      author: 'alice',
      title: 'Ramp gpt-5 to 70%',
    })
    const run = await s.runGate(pr.number, { traffic: [regressed] })
    const [comment] = s.commentsOn(pr.number)
    const [check] = s.checkRunsOn(pr.headSha)
    const plot = forestPlotOf(comment?.body ?? '')
    expect(plot).toMatch(/\nP95 latency +\S.* (FAIL|SUSPECTED REGRESSION|undecided|pass)\n/)
    expect(plot).toContain('0 = control (:), 1 = the tolerance (|), positive = worse')
    expect(forestPlotOf(check?.output.summary ?? '')).toBe(plot)
    expect(forestPlotOf(run.summary)).toBe(plot)
    const { body, charts } = await renderComment(comment?.body ?? '')
    expect(body.querySelector('pre > code.language-text')?.textContent).toBe(
      `${plot.slice('```text\n'.length)}\n`,
    )
    for (const chart of charts) expect(chart.diagramType).toBe('xychart')
  })
})
