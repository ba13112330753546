import { renderMarkdown } from '@llm-canary/gate'
import { describe, expect, it } from 'vitest'
// biome-ignore lint/style/noRestrictedImports: the gate's report fixtures (real verdicts on simulated sessions) are test support, not public API.
import type { FixtureScenario } from '../../packages/gate/src/report/report.fixture.ts'
// biome-ignore lint/style/noRestrictedImports: as above.
import * as fixtures from '../../packages/gate/src/report/report.fixture.ts'

import { renderComment } from '../helpers/rendered-comment.ts'

const { buildFixtureReport, FIXTURE_SCENARIOS, withHostileNames, withManyAgents } = fixtures

/** The elements of a rendered body, in order, as `tag.class` (the top-level blocks GitHub draws). */
function outline(body: HTMLElement): string[] {
  return [...body.children].map((element) =>
    element.tagName === 'PRE'
      ? `pre.${element.querySelector('code')?.className ?? ''}`
      : element.tagName.toLowerCase(),
  )
}

describe('the Markdown report, rendered as GitHub renders it (GFM), with every Mermaid block parsed by Mermaid', () => {
  it.each(FIXTURE_SCENARIOS)(
    '%s: verdict, forest plot and table first; every chart parses and is folded',
    async (scenario: FixtureScenario) => {
      const report = buildFixtureReport(scenario)
      const { body, charts } = await renderComment(renderMarkdown(report, { marker: report.experiment.id }))
      expect(outline(body).slice(0, 3)).toEqual(['h2', 'pre.language-text', 'table'])
      const plot = body.querySelector('pre > code.language-text')?.textContent ?? ''
      expect(
        plot.split('\n').filter((line) => /\s(FAIL|pass|undecided|no data|SUSPECTED REGRESSION)$/.test(line)),
      ).toHaveLength(report.verdict.guardrails.length)
      for (const chart of charts) expect(chart.diagramType).toBe('xychart')
      const blocks = [...body.querySelectorAll('pre > code.language-mermaid')]
      expect(blocks).toHaveLength(charts.length)
      for (const block of blocks) expect(block.closest('details')?.hasAttribute('open')).toBe(false)
      expect(body.querySelectorAll('table').length).toBeGreaterThan(0)
    },
  )

  it('parses the charts of a hostile report, and lets no tag, link or mention through', async () => {
    const report = withHostileNames(withManyAgents(buildFixtureReport('fail'), 60))
    const { body, charts } = await renderComment(renderMarkdown(report, { marker: 'm' }))
    expect(charts.length).toBeGreaterThan(0)
    expect(body.querySelectorAll('img, script, b, a[href^="javascript"]')).toHaveLength(0)
    expect(outline(body).filter((tag) => tag === 'h2')).toHaveLength(1)
  })

  it('a syntax error in a Mermaid block fails the check, naming the block', async () => {
    const report = buildFixtureReport('fail')
    const broken = renderMarkdown(report).replace(/ --> /, ' -> ')
    await expect(renderComment(broken)).rejects.toMatchObject({
      code: 'MERMAID_SYNTAX',
      message: expect.stringMatching(/^Mermaid block 1 does not parse: Parse error/),
    })
  })
})
