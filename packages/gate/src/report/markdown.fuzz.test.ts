import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AnalysisReport } from '../types.ts'
import { renderMarkdown } from './markdown.ts'
import { buildFixtureReport } from './report.fixture.ts'

// Fuzzing the Markdown renderer with names and warnings as spans and experiment files can carry them:
// whatever they hold, the comment opens no tag, link, mention, heading or table cell of their making.

/** Fragments that mean something to GitHub's Markdown, HTML, Mermaid or a terminal. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<',
        '>',
        '&',
        '|',
        '[',
        ']',
        '(',
        ')',
        '`',
        '*',
        '_',
        '~',
        '$',
        '@',
        '#',
        '\\',
        '"',
        "'",
        '%',
        '\n',
        '\r',
        '\t',
        '\u001b[2J',
        '\u001b]0;PWNED\u0007',
        '\u202e',
        '\u2028',
        '-->',
        '<!--',
        '```',
        '@everyone',
        '#1',
        'javascript:',
        'https://x.test',
        'www.x.test',
        '<img src=x onerror=alert(1)>',
        '## ',
        '- ',
        '1. ',
        '---',
        '</details>',
        '<summary>',
        'mermaid',
        '%%{init}%%',
      ),
      fc.string({ maxLength: 6 }),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''))

const ALLOWED_TAGS = /^<\/?(details|summary|sub)>/

function inject(report: AnalysisReport, names: readonly string[]): AnalysisReport {
  const pick = (i: number): string => names[i % names.length] ?? ''
  const agentNames = new Map(
    [...new Set(report.agents.map((a) => a.agent))].map((agent, i) => [agent, pick(i)]),
  )
  return {
    ...report,
    source: pick(1),
    arms: report.arms.map((arm, i) => ({ ...arm, model: pick(i + 2) })),
    agents: report.agents.map((agent) => ({
      ...agent,
      agent: agentNames.get(agent.agent) ?? '',
      servedModel: pick(3),
    })),
    extraction: { ...report.extraction, warnings: names },
  }
}

function linesOf(text: string): string[] {
  return text.split('\n')
}

function cellsOf(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1)
}

describe('renderMarkdown, fuzzed', () => {
  it('renders any names and warnings without letting one of them open anything', () => {
    const base = buildFixtureReport('fail')
    const headings = (text: string): string[] => linesOf(text).filter((line) => line.startsWith('#'))
    const plainHeadings = headings(renderMarkdown(inject(base, ['a', 'b', 'c', 'd']), { marker: 'fuzz' }))
    fc.assert(
      fc.property(fc.array(hostileText, { minLength: 4, maxLength: 8 }), (names) => {
        const text = renderMarkdown(inject(base, names), { marker: 'fuzz' })
        const body = text.replace('<!-- llm-canary:fuzz -->', '')
        for (const tag of body.match(/<[^\s]*/g) ?? []) expect(tag).toMatch(ALLOWED_TAGS)
        // biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters are what must not appear.
        expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e\u2028]/)
        expect(text).not.toMatch(/@(?!&#8203;)[A-Za-z]/)
        expect(text).not.toMatch(/(?<!\\)\]\(/)
        expect(headings(text)).toEqual(plainHeadings)
        const lines = linesOf(text)
        let width: number | undefined
        for (const [i, line] of lines.entries()) {
          if (!line.startsWith('|')) {
            width = undefined
            continue
          }
          if (!(lines[i - 1] ?? '').startsWith('|')) width = cellsOf(line).length
          expect(cellsOf(line)).toHaveLength(width ?? -1)
        }
        // No issue reference of theirs (the Mermaid theme line holds the report's own colours).
        const prose = linesOf(body).filter((line) => !line.startsWith('%%{init'))
        expect(prose.join('\n')).not.toMatch(/(?<!&)#(?!&#8203;)\d/)
      }),
      { numRuns: 60 },
    )
  })
})
