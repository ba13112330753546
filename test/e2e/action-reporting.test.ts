import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ActionScenario, SCENARIO_TIMEOUT_MS } from './action-support/action-scenario.ts'
import type { CanaryTraffic } from './action-support/canary-traces.ts'
import { EXPERIMENT_PATH, experimentText, rampCandidate } from './action-support/experiment-texts.ts'
import { daysAgo } from './action-support/scenario-clock.ts'

// Reporting at scale: two experiments in one pull request (two checks, two comments, the worst verdict),
// and a report larger than a comment may be (everything under GitHub's limits, and it says where the
// rest is).
const SUMMARIZER_PATH = 'deploy/summarizer/experiment.yaml'
const triage = experimentText()
const summarizer = experimentText('summarizer')
const BOTH = `${EXPERIMENT_PATH}, ${SUMMARIZER_PATH}`
const healthyTriage: CanaryTraffic = { experiment: triage, sessions: 2000, start: daysAgo(3) }
const regressedSummarizer: CanaryTraffic = {
  experiment: summarizer,
  sessions: 2000,
  start: daysAgo(3),
  seed: 11,
  regression: { arm: 'candidate', latencyFactor: 1.6 },
}

let s: ActionScenario

beforeAll(async () => {
  s = await ActionScenario.start()
  s.gh.commit(
    'main',
    { [EXPERIMENT_PATH]: triage, [SUMMARIZER_PATH]: summarizer },
    { message: 'Add the experiments', date: daysAgo(10) },
  )
})
afterAll(() => s.close())

describe('two experiments in one pull request', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('gets two checks and two comments, and the worst verdict; a re-run re-posts nothing', async () => {
    const pr = s.gh.openPullRequest({
      head: 'ramp-both',
      files: {
        [EXPERIMENT_PATH]: rampCandidate(triage, 70),
        [SUMMARIZER_PATH]: rampCandidate(summarizer, 70),
      },
      author: 'alice',
      title: 'Ramp gpt-5 to 70% in triage and summarizer',
    })
    const traffic = [healthyTriage, regressedSummarizer]
    const run = await s.runGate(pr.number, { traffic, inputs: { experiment: BOTH } })
    s.expectRun(run, { exitCode: 1, verdict: 'fail', outcomes: ['pass', 'regression'] })
    expect(run.report.map((entry) => [entry.file, entry.check, entry.verdict])).toEqual([
      [EXPERIMENT_PATH, 'llm-canary / support-triage', 'pass'],
      [SUMMARIZER_PATH, 'llm-canary / summarizer', 'fail'],
    ])
    expect(s.checkRunsOn(pr.headSha).map((c) => [c.name, c.conclusion])).toEqual([
      ['llm-canary / support-triage', 'success'],
      ['llm-canary / summarizer', 'failure'],
    ])
    expect(s.checkRunsOn(pr.headSha)[1]?.annotations).toEqual([
      expect.objectContaining({ path: SUMMARIZER_PATH, annotation_level: 'failure' }),
    ])
    const comments = s.commentsOn(pr.number)
    expect(comments).toHaveLength(2)
    expect(comments[0]?.body).toContain('<!-- llm-canary:support-triage -->')
    expect(comments[0]?.body).toContain('✅ **Check passes.**')
    expect(comments[1]?.body).toContain('<!-- llm-canary:summarizer -->')
    expect(comments[1]?.body).toContain('❌ **Blocked: a regression.**')
    expect(s.labelsOf(pr.number)).toEqual(['canary:fail'])
    expect(run.summary).toContain(`| support-triage | ${EXPERIMENT_PATH} | canary ramp | ✅ PASS`)
    expect(run.summary).toContain(`| summarizer | ${SUMMARIZER_PATH} | canary ramp | ❌ FAIL`)
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^llm-canary \/ summarizer: FAIL:/) }),
    ])

    const again = await s.runGate(pr.number, { traffic, inputs: { experiment: BOTH }, action: 'synchronize' })
    s.expectRun(again, { exitCode: 1, verdict: 'fail', outcomes: ['pass', 'regression'] })
    expect(s.commentsOn(pr.number)).toEqual(comments)
    expect(again.writes.filter((r) => r.url.includes('/issues/'))).toEqual([])
    // The passing check is updated in place; the failing one, whose annotations GitHub would append to,
    // is a new run of the same name, which `filter=latest` (and branch protection) reads.
    const latest = new Map(s.checkRunsOn(pr.headSha).map((c) => [c.name, c]))
    expect([...latest.values()].map((c) => [c.name, c.conclusion, c.annotations.length])).toEqual([
      ['llm-canary / support-triage', 'success', 0],
      ['llm-canary / summarizer', 'failure', 1],
    ])
  })

  it('gives the experiment a pull request leaves alone a skipped check and no comment', async () => {
    const pr = s.openRamp(summarizer, 60, { path: SUMMARIZER_PATH })
    const run = await s.runGate(pr.number, {
      traffic: [healthyTriage, { ...regressedSummarizer, regression: { arm: 'candidate' } }],
      inputs: { experiment: BOTH },
    })
    s.expectRun(run, { exitCode: 0, verdict: 'pass', outcomes: ['pass', 'skipped'] })
    expect(run.report.map((entry) => entry.file)).toEqual([SUMMARIZER_PATH, EXPERIMENT_PATH])
    expect(s.checkRunsOn(pr.headSha).map((c) => [c.name, c.conclusion])).toEqual([
      ['llm-canary / summarizer', 'success'],
      ['llm-canary / support-triage', 'skipped'],
    ])
    expect(s.commentsOn(pr.number).map((c) => /<!-- llm-canary:([\w-]+) -->/.exec(c.body)?.[1])).toEqual([
      'summarizer',
    ])
    expect(s.labelsOf(pr.number)).toEqual(['canary:pass'])
  })
})

describe('a report larger than a comment may be', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('fits the comment, the check summary and the job summary, and says where the rest is', async () => {
    // A graph of 50 deeply nested agents: their names alone are longer than a comment.
    const agents = Array.from(
      { length: 50 },
      (_, i) => `support_graph/${'triage_subgraph/'.repeat(90)}node_${i}`,
    )
    const pr = s.openRamp(triage, 80)
    const run = await s.runGate(pr.number, {
      traffic: [{ experiment: triage, sessions: 60, start: daysAgo(3), agents }],
    })
    s.expectRun(run, { exitCode: 0, verdict: 'inconclusive', outcomes: ['waiting'] })

    const [comment] = s.commentsOn(pr.number)
    expect(s.commentsOn(pr.number)).toHaveLength(1)
    expect(comment?.body.length).toBeLessThanOrEqual(65_536)
    const [check] = s.checkRunsOn(pr.headSha)
    const summary = check?.output.summary ?? ''
    expect(summary.length).toBeLessThanOrEqual(65_535)
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(65_535)
    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(1024 * 1024)
    // Nothing is lost silently: each surface says what was cut and links the run; the JSON has it all.
    const runUrl = `${s.gh.serverUrl}/acme/support-bot/actions/runs/4242`
    for (const text of [comment?.body ?? '', summary, run.summary]) {
      expect(text).toMatch(/✂️ Cut to fit [\d,]+ characters: [^\n]*per-agent breakdown/)
      expect(text).toContain(`[Full report](${runUrl})`)
    }
    const reported = run.report[0]?.report?.agents.map((a) => a.agent) ?? []
    expect(new Set(reported)).toEqual(new Set(agents))
    expect(agents.join('').length).toBeGreaterThan(65_536)
  })
})
