import { computeQuantile } from '@llm-canary/core'
import type { DiagLogger } from '@opentelemetry/api'
import { DiagLogLevel, diag } from '@opentelemetry/api'
import { afterEach, describe, expect, it } from 'vitest'
import { buildExperiment, CANDIDATE_MODEL } from '../routing/routing.fixture.ts'
import type { CallOutcome } from '../types.ts'
import { createKillSwitch } from './kill-switch.ts'
import type { KillSwitchOptions, KillSwitchTrip } from './kill-switch-types.ts'

const threeArms = {
  arms: {
    control: { model: 'openai:gpt-4.1', weight: 60 },
    candidate: { model: CANDIDATE_MODEL, weight: 20 },
    claude: { model: 'anthropic:claude-4-opus', weight: 20 },
  },
}
const experiment = buildExperiment(threeArms)

function outcome(overrides: Partial<CallOutcome> = {}): CallOutcome {
  return {
    experiment: experiment.id,
    arm: 'candidate',
    servedArm: 'candidate',
    model: CANDIDATE_MODEL,
    latencyMs: 100,
    error: false,
    shadow: false,
    ...overrides,
  }
}

/** Option overrides; `undefined` removes a default. */
type Overrides = { [K in keyof KillSwitchOptions]?: KillSwitchOptions[K] | undefined }

/** A kill switch on a clock the test moves by hand. */
function switchWithClock(overrides: Overrides = {}) {
  const clock = { nowMs: 1_000_000 }
  const options = {
    windowCalls: 10,
    windowMs: 60_000,
    minCalls: 4,
    maxErrorRate: 0.25,
    experiment,
    nowMs: () => clock.nowMs,
    ...overrides,
  }
  return { killSwitch: createKillSwitch(options as KillSwitchOptions), clock }
}

function captureDiag(): string[] {
  const warnings: string[] = []
  const logger: DiagLogger = {
    error: () => undefined,
    warn: (message) => warnings.push(message),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  }
  diag.setLogger(logger, DiagLogLevel.WARN)
  return warnings
}

afterEach(() => {
  diag.disable()
})

describe('createKillSwitch', () => {
  it('trips when the error rate of a full enough window passes the bound, and says why', () => {
    const { killSwitch, clock } = switchWithClock()
    for (const error of [true, false, false]) killSwitch.observe(outcome({ error }))
    expect(killSwitch.isTripped()).toBe(false)

    killSwitch.observe(outcome({ error: true }))

    expect(killSwitch.isTripped()).toBe(true)
    expect(killSwitch.trippedAt).toEqual(new Date(clock.nowMs))
    expect(killSwitch.reason).toContain('error rate 50.0%')
    expect(killSwitch.reason).toContain('maxErrorRate 25.0%')
    expect(killSwitch.trip).toMatchObject({ arm: 'candidate', calls: 4, errorRate: 0.5 })
  })

  it('does not trip before minCalls, nor at exactly the bound', () => {
    const { killSwitch } = switchWithClock({ minCalls: 4, maxErrorRate: 0.5 })
    killSwitch.observe(outcome({ error: true }))
    killSwitch.observe(outcome({ error: true }))
    expect(killSwitch.isTripped()).toBe(false)
    killSwitch.observe(outcome())
    killSwitch.observe(outcome())
    expect(killSwitch.isTripped()).toBe(false)
  })

  it('trips on the P95 latency, computed as the gate computes quantiles', () => {
    const { killSwitch } = switchWithClock({ maxErrorRate: undefined, maxLatencyP95Ms: 900 })
    const latencies = [100, 120, 140, 2000]
    for (const latencyMs of latencies) killSwitch.observe(outcome({ latencyMs }))

    expect(computeQuantile(latencies, 0.95)).toBeGreaterThan(900)
    expect(killSwitch.isTripped()).toBe(true)
    expect(killSwitch.trip?.latencyP95Ms).toBe(computeQuantile(latencies, 0.95))
    expect(killSwitch.reason).toContain('latency P95')
  })

  it('forgets calls older than windowMs and beyond windowCalls', () => {
    const { killSwitch, clock } = switchWithClock({ windowCalls: 4 })
    killSwitch.observe(outcome({ error: true }))
    killSwitch.observe(outcome({ error: true }))
    clock.nowMs += 60_001
    for (let i = 0; i < 3; i += 1) killSwitch.observe(outcome())
    expect(killSwitch.isTripped()).toBe(false)

    // 1 error in the last 4 calls is 25%, not above the bound; 2 in 5 would be.
    const { killSwitch: small } = switchWithClock({ windowCalls: 4, minCalls: 4 })
    for (const error of [true, false, false, false, true]) small.observe(outcome({ error }))
    expect(small.isTripped()).toBe(false)
  })

  it('counts only calls served by a watched candidate of its experiment; shadow calls count', () => {
    const { killSwitch } = switchWithClock({ arm: 'candidate', minCalls: 2 })
    killSwitch.observe(outcome({ servedArm: 'control', arm: 'candidate', error: true }))
    killSwitch.observe(outcome({ servedArm: 'claude', arm: 'claude', error: true }))
    killSwitch.observe(outcome({ experiment: 'another', error: true }))
    killSwitch.observe(outcome({ error: true }))
    expect(killSwitch.isTripped()).toBe(false)

    killSwitch.observe(outcome({ arm: 'control', shadow: true, error: true }))
    expect(killSwitch.isTripped()).toBe(true)
  })

  it('keeps one window per candidate, so a healthy candidate does not hide a failing one', () => {
    const { killSwitch } = switchWithClock({ minCalls: 4 })
    for (let i = 0; i < 8; i += 1) killSwitch.observe(outcome({ servedArm: 'claude', arm: 'claude' }))
    for (let i = 0; i < 4; i += 1) killSwitch.observe(outcome({ error: i % 2 === 0 }))
    expect(killSwitch.trip?.arm).toBe('candidate')
  })

  it('diverts every watched candidate while tripped, never control', () => {
    const { killSwitch } = switchWithClock({ minCalls: 1 })
    expect(killSwitch.diverts('candidate')).toBe(false)
    killSwitch.observe(outcome({ error: true }))
    expect(killSwitch.diverts('candidate')).toBe(true)
    expect(killSwitch.diverts('claude')).toBe(true)
    expect(killSwitch.diverts('control')).toBe(false)

    const { killSwitch: onlyClaude } = switchWithClock({ minCalls: 1, arm: 'claude' })
    onlyClaude.observe(outcome({ servedArm: 'claude', arm: 'claude', error: true }))
    expect(onlyClaude.diverts('claude')).toBe(true)
    expect(onlyClaude.diverts('candidate')).toBe(false)
  })

  it('stays tripped, ignoring new calls, until reset; reset empties the window', () => {
    const { killSwitch } = switchWithClock({ minCalls: 2 })
    killSwitch.observe(outcome({ error: true }))
    killSwitch.observe(outcome({ error: true }))
    const firstTrip = killSwitch.trip
    for (let i = 0; i < 20; i += 1) killSwitch.observe(outcome())
    expect(killSwitch.trip).toBe(firstTrip)

    killSwitch.reset()
    expect(killSwitch.isTripped()).toBe(false)
    expect(killSwitch.reason).toBeUndefined()
    killSwitch.observe(outcome({ error: true }))
    expect(killSwitch.isTripped()).toBe(false)
  })

  it('resets on a config change (a new experiment object), not on the same one', () => {
    const { killSwitch } = switchWithClock({ minCalls: 1 })
    killSwitch.observe(outcome({ error: true }))
    killSwitch.useExperiment(experiment)
    expect(killSwitch.isTripped()).toBe(true)

    killSwitch.useExperiment(buildExperiment(threeArms))
    expect(killSwitch.isTripped()).toBe(false)
  })

  it('rejects a watched arm the new experiment does not have', () => {
    const { killSwitch } = switchWithClock({ arm: 'claude' })
    expect(() => killSwitch.useExperiment(buildExperiment())).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringContaining('claude') }),
    )
  })

  it('warns once per trip and calls each listener once; a throwing listener does not break it', () => {
    const warnings = captureDiag()
    const { killSwitch } = switchWithClock({ minCalls: 1 })
    const trips: KillSwitchTrip[] = []
    killSwitch.onTrip(() => {
      throw new Error('listener bug')
    })
    const unsubscribe = killSwitch.onTrip((trip) => trips.push(trip))

    killSwitch.observe(outcome({ error: true }))
    killSwitch.observe(outcome({ error: true }))
    killSwitch.reset()
    killSwitch.observe(outcome({ error: true }))
    unsubscribe()
    killSwitch.reset()
    killSwitch.observe(outcome({ error: true }))

    expect(trips).toHaveLength(2)
    expect(warnings.filter((message) => message.includes('kill switch tripped'))).toHaveLength(3)
  })

  it('never throws from observe, whatever the outcome', () => {
    const { killSwitch } = switchWithClock({ maxLatencyP95Ms: 10, minCalls: 1 })
    expect(() => killSwitch.observe(outcome({ latencyMs: Number.NaN }))).not.toThrow()
    expect(() => killSwitch.observe(undefined as unknown as CallOutcome)).not.toThrow()
  })

  it.each([
    ['windowCalls 0', { windowCalls: 0 }],
    ['a fractional windowCalls', { windowCalls: 2.5 }],
    ['windowMs 0', { windowMs: 0 }],
    ['minCalls above windowCalls', { minCalls: 11 }],
    ['no bound', { maxErrorRate: undefined, maxLatencyP95Ms: undefined }],
    ['maxErrorRate 1', { maxErrorRate: 1 }],
    ['a negative latency bound', { maxLatencyP95Ms: -1 }],
    ['an unknown arm', { arm: 'gemini' }],
  ])('rejects %s', (_name, overrides) => {
    expect(() => switchWithClock(overrides as Overrides)).toThrow(
      expect.objectContaining({ name: 'CanaryError', code: 'INVALID_OPTION' }),
    )
  })
})
