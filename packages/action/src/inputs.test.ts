import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { InputName } from './inputs.ts'
import { INPUT_DEFAULTS, INPUT_NAMES, readInputs } from './inputs.ts'

const now = new Date('2026-05-10T00:00:00Z')

function read(values: Partial<Record<InputName, string>>) {
  return readInputs((name) => values[name] ?? '', now)
}

describe('readInputs', () => {
  it('applies the defaults of action.yml when the runner leaves an input empty', () => {
    const inputs = read({ 'github-token': 'ghs_x' })
    expect(inputs).toMatchObject({
      mode: 'gate',
      experiment: ['**/experiment*.y*ml'],
      source: 'file:.llm-canary/traces.jsonl',
      onBackendError: 'fail',
      since: undefined,
      traceToken: undefined,
      reviewers: [],
      overrideLabel: 'canary:override',
    })
    expect(inputs.watchSince.toISOString()).toBe('2026-05-03T00:00:00.000Z')
  })

  it('declares in action.yml exactly the inputs, and the defaults, the code reads', () => {
    const manifest = parse(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, { default?: string }>
      outputs: Record<string, unknown>
      runs: { using: string; main: string }
    }
    expect(Object.keys(manifest.inputs)).toEqual([...INPUT_NAMES])
    for (const [name, value] of Object.entries(INPUT_DEFAULTS))
      expect(manifest.inputs[name]?.default).toBe(value)
    // The workflow's own token, as an expression the runner fills in.
    expect(manifest.inputs['github-token']?.default).toBe(['$', '{{ github.token }}'].join(''))
    expect(Object.keys(manifest.outputs)).toEqual(['verdict', 'report-json', 'revert-pr'])
    expect(manifest.runs).toEqual({ using: 'node24', main: 'packages/action/dist/index.js' })
  })

  it('reports every bad input at once, naming the input, the value and what to write', () => {
    const attempt = () =>
      read({
        'github-token': 'ghs_x',
        mode: 'gated',
        'on-backend-error': 'warn',
        since: 'yesterday',
        'watch-window': '2026-01-01',
        reviewers: 'alice, not a login!',
        source: 'http://jaeger:16686',
        experiment: '/etc/experiment.yaml',
        'override-label': 'x'.repeat(51),
      })
    const error = (() => {
      try {
        attempt()
      } catch (err) {
        return err as { name: string; code: string; message: string }
      }
      throw new Error('the inputs were accepted')
    })()
    expect(error).toMatchObject({ name: 'ActionError', code: 'INPUT_INVALID' })
    const { message } = error
    expect(message).toMatch(/^8 inputs cannot be used:/)
    expect(message).toContain('- mode is "gated"; write gate or watch')
    expect(message).toContain('- on-backend-error is "warn"; write fail or neutral')
    expect(message).toContain('- since is "yesterday"; write a duration back from now')
    expect(message).toContain('- watch-window is "2026-01-01"; write a duration such as 7d')
    expect(message).toContain('- reviewers has "login!"; write GitHub logins or org/team names')
    expect(message).toContain('prefix it with jaeger: or tempo:')
    expect(message).toContain(
      '- experiment is "/etc/experiment.yaml"; write a path relative to the repository root',
    )
    expect(message).toContain('GitHub labels hold at most 50')
  })

  it('never echoes the trace token, and keeps it', () => {
    expect(read({ 'github-token': 'ghs_x', 'trace-token': 's3cr3t' }).traceToken).toBe('s3cr3t')
    expect(() => read({ 'github-token': 'ghs_x', 'trace-token': 's3cr3t', mode: 'nope' })).toThrow(
      /mode is "nope"/,
    )
    expect(() => read({ 'github-token': 'ghs_x', 'trace-token': 's3cr3t', mode: 'nope' })).not.toThrow(
      /s3cr3t/,
    )
  })

  it('splits reviewers into users to request and teams to mention, and reads since and several globs', () => {
    const inputs = read({
      'github-token': 'ghs_x',
      reviewers: '@alice, bob\nacme/ml-platform',
      since: '36h',
      experiment: 'deploy/experiment.yaml, services/*/experiment.yml',
      mode: 'watch',
      'watch-window': '2w',
    })
    expect(inputs.reviewers).toEqual(['alice', 'bob'])
    expect(inputs.teamReviewers).toEqual(['acme/ml-platform'])
    expect(inputs.since?.toISOString()).toBe('2026-05-08T12:00:00.000Z')
    expect(inputs.experiment).toEqual(['deploy/experiment.yaml', 'services/*/experiment.yml'])
    expect(inputs.watchSince.toISOString()).toBe('2026-04-26T00:00:00.000Z')
  })
})
