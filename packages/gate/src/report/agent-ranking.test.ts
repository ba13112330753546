import { describe, expect, it } from 'vitest'
import type { AgentReport, AnalysisReport } from '../types.ts'
import { rankAgentRegressions, readFigure } from './agent-ranking.ts'
import { buildFixtureReport } from './report.fixture.ts'

function agent(arm: string, name: string, figures: Partial<AgentReport> = {}): AgentReport {
  return { arm, agent: name, units: 100, runs: 100, calls: 200, callsWithUnknownCost: 0, ...figures }
}

function withAgents(agents: AgentReport[]): AnalysisReport {
  return { ...buildFixtureReport('pass'), agents }
}

const latency = (p95: number) => ({ p50: p95 / 2, p95, p99: p95 * 1.5 })

describe('rankAgentRegressions', () => {
  it('puts the agent furthest beyond its tolerance first', () => {
    const ranked = rankAgentRegressions(
      withAgents([
        agent('control', 'router', { latencyMs: latency(100) }),
        agent('control', 'extractor', { latencyMs: latency(100) }),
        agent('candidate', 'router', { latencyMs: latency(105) }),
        agent('candidate', 'extractor', { latencyMs: latency(130) }),
      ]),
    )
    expect(ranked.map((entry) => entry.agent.agent)).toEqual(['extractor', 'router'])
    expect(ranked[0]?.worst?.metric).toBe('latency_p95_ms')
    expect(ranked[0]?.worst?.text).toBe('+30.0%')
    // The fixture's guardrail tolerates +10%: +30% is three times that.
    expect(ranked[0]?.worst?.severity).toBeCloseTo(3, 10)
    expect(ranked[1]?.worst?.severity).toBeCloseTo(0.5, 10)
  })

  it('measures a rate against its absolute tolerance, a decrease as a positive degradation', () => {
    const [entry] = rankAgentRegressions(
      withAgents([
        agent('control', 'summarizer', { accuracy: 0.9, errorRate: 0.01 }),
        agent('candidate', 'summarizer', { accuracy: 0.85, errorRate: 0.012 }),
      ]),
    )
    expect(entry?.worst?.metric).toBe('accuracy')
    expect(entry?.worst?.degradation).toBeCloseTo(0.05, 10)
    // Shown in the metric's own direction: accuracy went down.
    expect(entry?.worst?.text).toBe('-5.00pp')
    expect(entry?.worst?.severity).toBeCloseTo(2.5, 10)
  })

  it('checks a threshold on the candidate alone', () => {
    const [entry] = rankAgentRegressions(withAgents([agent('candidate', 'cite', { citationStability: 0.8 })]))
    expect(entry?.control).toBeUndefined()
    expect(entry?.worst?.metric).toBe('citation_stability')
    expect(entry?.worst?.severity).toBeGreaterThan(1)
    expect(entry?.worst?.text).toBe('0.8 (min 0.9)')
  })

  it('ranks agents with nothing comparable last and skips control rows', () => {
    const ranked = rankAgentRegressions(
      withAgents([
        agent('candidate', 'lonely'),
        agent('control', 'router', { latencyMs: latency(100) }),
        agent('candidate', 'router', { latencyMs: latency(90) }),
      ]),
    )
    expect(ranked.map((entry) => entry.agent.agent)).toEqual(['router', 'lonely'])
    expect(ranked[1]?.worst).toBeUndefined()
  })

  it('orders infinite severities without NaN (an error rate up from a zero tolerance)', () => {
    const base = buildFixtureReport('pass')
    const report: AnalysisReport = {
      ...base,
      verdict: {
        ...base.verdict,
        guardrails: base.verdict.guardrails.map((result) =>
          result.metric === 'error_rate'
            ? { ...result, tolerance: { kind: 'absolute', value: 0, unit: 'pp', text: '0pp' }, limit: 0 }
            : result,
        ),
      },
      agents: [
        agent('control', 'a', { errorRate: 0 }),
        agent('control', 'b', { errorRate: 0 }),
        agent('candidate', 'a', { errorRate: 0.01, calls: 10 }),
        agent('candidate', 'b', { errorRate: 0.02, calls: 20 }),
      ],
    }
    const ranked = rankAgentRegressions(report)
    expect(ranked.map((entry) => entry.worst?.severity)).toEqual([Infinity, Infinity])
    expect(ranked.map((entry) => entry.agent.agent)).toEqual(['b', 'a'])
  })
})

describe('readFigure', () => {
  it('reads every guardrail metric from the figures', () => {
    const figures = agent('control', 'x', {
      latencyMs: { p50: 1, p95: 2, p99: 3 },
      ttftMs: { p50: 4, p95: 5, p99: 6 },
      costPerCallUsd: 7,
      costPerRunUsd: 8,
      errorRate: 0.09,
      runFailureRate: 0.1,
      accuracy: 0.11,
      judgeScore: 4.12,
      citationStability: 0.13,
    })
    expect(readFigure(figures, 'latency_p99_ms')).toBe(3)
    expect(readFigure(figures, 'ttft_p50_ms')).toBe(4)
    expect(readFigure(figures, 'cost_per_run_usd')).toBe(8)
    expect(readFigure(figures, 'run_failure_rate')).toBe(0.1)
    expect(readFigure(figures, 'judge_score')).toBe(4.12)
    expect(readFigure(figures, 'citation_stability')).toBe(0.13)
  })
})
