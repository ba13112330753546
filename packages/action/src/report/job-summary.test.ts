import { decideRolloutGate } from '@llm-canary/gate'
import { describe, expect, it } from 'vitest'
import { buildRampChange } from '../action.fixture.ts'
import type { ExperimentResult } from '../experiment-result.ts'
import { JOB_SUMMARY_MAX_BYTES, renderJobSummary } from './job-summary.ts'

function result(id: string, reasonChars: number): ExperimentResult {
  const { change } = buildRampChange(id)
  // A backend error whose reason is long: each section is as big as the limit allows.
  const gate = { backendError: { source: 'tempo:https://tempo', reason: `é${'x'.repeat(reasonChars)}` } }
  return {
    file: `${id}.yaml`,
    experiment: id,
    checkName: `llm-canary / ${id}`,
    change,
    gate,
    decision: decideRolloutGate({ change, ...gate }),
  }
}

describe('renderJobSummary', () => {
  it('tables every experiment, then each section', () => {
    const text = renderJobSummary([result('a', 10), result('b', 10)], {
      title: 'llm-canary gate · pull request #7',
      notes: ['⚪ a note'],
      detailsUrl: undefined,
    })
    expect(text).toMatch(
      /^## 🐤 llm-canary gate · pull request #7\n\n⚪ a note\n\n\| experiment \| file \| step \| check \| verdict \|/,
    )
    expect(text).toContain('| a | a.yaml | canary ramp | ❌ Trace backend unreadable: ')
    expect(text.match(/### 🐤 llm-canary · /g)).toHaveLength(2)
  })

  it('says why nothing was judged, in the words of the mode', () => {
    const frame = { title: 't', notes: [], detailsUrl: undefined }
    expect(renderJobSummary([], frame)).toContain(
      'No experiment file matches the `experiment` input in this change.',
    )
    expect(renderJobSummary([], { ...frame, empty: 'No model step merged within `watch-window`.' })).toMatch(
      /\n\nNo model step merged within `watch-window`\.\n$/,
    )
  })

  it('stays under 1 MiB in UTF-8 bytes, however many and however large the sections', () => {
    const many = Array.from({ length: 40 }, (_, i) => result(`exp-${i}`, 60_000))
    const text = renderJobSummary(many, { title: 't', notes: [], detailsUrl: undefined })
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES)
    expect(text.match(/### 🐤 llm-canary · /g)?.length).toBe(40)
    const tiny = renderJobSummary(many, { title: 't', notes: [], detailsUrl: undefined }, 30_000)
    expect(Buffer.byteLength(tiny, 'utf8')).toBeLessThanOrEqual(30_000)
    expect(tiny).toMatch(/✂️ \d+ more experiment sections left out to fit GitHub's 1 MiB summary limit/)
  })
})
