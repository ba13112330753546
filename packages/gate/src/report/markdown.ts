import { GateError } from '../errors.ts'
import type { AnalysisReport } from '../types.ts'
import { formatCount } from './format-units.ts'
import { renderMarkerComment, sanitizeLinkUrl } from './markdown-escape.ts'
import {
  renderAgentBreakdown,
  renderArmFigures,
  renderContext,
  renderExtractionLine,
  renderForestPlotBlock,
  renderGuardrailTable,
  renderHeadline,
  renderHistoryCharts,
  renderNextSteps,
  renderProgress,
  renderReasons,
  renderWarnings,
} from './markdown-sections.ts'

/** Options of `renderMarkdown`. */
export interface MarkdownOptions {
  /**
   * Longest result, in UTF-16 code units (JavaScript string length; never fewer than the characters
   * GitHub counts). Default 65,535, a check run's summary; a PR comment takes 65,536, a job summary
   * 1 MiB (pass about a third of the bytes to stay under a byte limit whatever the script).
   */
  readonly maxChars?: number
  /** Link to the full report (the workflow run); must be http(s). */
  readonly detailsUrl?: string
  /** Key of a hidden `<!-- llm-canary:<marker> -->` comment, typically the experiment id, for upserts. */
  readonly marker?: string
  /** Agent rows in the per-agent breakdown, worst first (default 50). */
  readonly maxAgents?: number
  /** Warnings listed (default 50). */
  readonly maxWarnings?: number
}

/** The default size limit: GitHub's maximum for a check run's summary. */
export const DEFAULT_MARKDOWN_MAX_CHARS = 65_535

/** The smallest `maxChars` accepted: room for the verdict line, the cut note and the marker. */
export const MIN_MARKDOWN_MAX_CHARS = 500

/** Sections dropped, in this order, when the report is too long; documented in docs/report-schema.md. */
const MARKDOWN_CUT_ORDER = ['history charts', 'per-agent breakdown', 'warnings'] as const

type Droppable = (typeof MARKDOWN_CUT_ORDER)[number]

interface Section {
  readonly text: string
  readonly droppable?: Droppable
}

/**
 * Renders an analysis report as GitHub Markdown for a PR comment, a check run or a job summary, laid
 * out to fit one screen above the fold: the verdict (emoji, status, main reason), the forest plot of
 * every guardrail against its tolerance (a code block), the guardrail table with its notes, what is
 * still needed, and where the data came from; then, collapsed, the reasons, the progress toward the
 * planned units, the interval history charts (Mermaid), the per-arm figures and the per-agent
 * breakdown; then the extraction's numbers and its warnings (collapsed). Every value from spans or the
 * experiment file is escaped. When the result would exceed `maxChars`, sections are dropped in
 * `MARKDOWN_CUT_ORDER` and a note says what was cut; if it is still too long the tail is cut at a line.
 *
 * @param report - The analysis report.
 * @param options - Size limit, details link, upsert marker, and how many agents and warnings to list.
 * @returns The Markdown, at most `maxChars` long, ending with a newline.
 * @throws GateError `USAGE` when `maxChars` is below `MIN_MARKDOWN_MAX_CHARS`, the details link is not
 *   http(s), or the marker is empty.
 * @example
 * const body = renderMarkdown(report, { marker: report.experiment.id, detailsUrl: runUrl })
 */
export function renderMarkdown(report: AnalysisReport, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_MARKDOWN_MAX_CHARS
  if (!Number.isInteger(maxChars) || maxChars < MIN_MARKDOWN_MAX_CHARS) {
    throw new GateError(
      'USAGE',
      `maxChars is ${maxChars}; a Markdown report needs a whole number of at least ${MIN_MARKDOWN_MAX_CHARS} characters (GitHub allows 65,535 in a check run)`,
    )
  }
  const link = options.detailsUrl === undefined ? undefined : sanitizeLinkUrl(options.detailsUrl)
  const marker = options.marker === undefined ? undefined : renderMarkerComment(options.marker)
  const sections = buildSections(report, options)
  const dropped: Droppable[] = []
  let text = assemble(sections, dropped, { link, marker, maxChars })
  for (const group of MARKDOWN_CUT_ORDER) {
    if (text.length <= maxChars) break
    dropped.push(group)
    text = assemble(sections, dropped, { link, marker, maxChars })
  }
  return text.length <= maxChars ? text : truncate(sections, dropped, { link, marker, maxChars })
}

function buildSections(report: AnalysisReport, options: MarkdownOptions): Section[] {
  return [
    { text: renderHeadline(report) },
    { text: renderForestPlotBlock(report) },
    { text: renderGuardrailTable(report) },
    { text: renderNextSteps(report) },
    { text: renderContext(report) },
    { text: renderReasons(report) },
    { text: renderProgress(report) },
    { text: renderHistoryCharts(report), droppable: 'history charts' },
    { text: renderArmFigures(report) },
    { text: renderAgentBreakdown(report, options.maxAgents ?? 50), droppable: 'per-agent breakdown' },
    { text: renderExtractionLine(report) },
    { text: renderWarnings(report, options.maxWarnings ?? 50), droppable: 'warnings' },
  ]
}

interface Footer {
  readonly link: string | undefined
  readonly marker: string | undefined
  readonly maxChars: number
}

function assemble(sections: readonly Section[], dropped: readonly Droppable[], footer: Footer): string {
  const cut = dropped.filter((group) =>
    sections.some((section) => section.droppable === group && section.text !== ''),
  )
  const note =
    cut.length === 0
      ? undefined
      : `✂️ Cut to fit ${formatCount(footer.maxChars)} characters: ${cut.join(', ')}.`
  return `${[joinSections(sections, dropped), renderFooter(note, footer)].filter((t) => t !== '').join('\n\n')}\n`
}

function joinSections(sections: readonly Section[], dropped: readonly Droppable[]): string {
  return sections
    .filter(
      (section) =>
        section.text !== '' && (section.droppable === undefined || !dropped.includes(section.droppable)),
    )
    .map((section) => section.text)
    .join('\n\n')
}

function renderFooter(note: string | undefined, footer: Footer): string {
  const full =
    footer.link === undefined
      ? note === undefined
        ? ''
        : 'The JSON report has everything.'
      : `[Full report](${footer.link})`
  const line = [note, full].filter((part) => part !== undefined && part !== '').join(' ')
  return [line === '' ? undefined : `<sub>${line}</sub>`, footer.marker]
    .filter((part) => part !== undefined)
    .join('\n')
}

/** Room kept for the tags that close a block the cut left open. */
const CLOSING_RESERVE = 40

/**
 * Last resort after every droppable section is gone: keeps whole lines from the top (the first line,
 * the verdict, always), closes a `<details>` or code fence the cut left open, then the footer.
 */
function truncate(sections: readonly Section[], dropped: readonly Droppable[], footer: Footer): string {
  const note = `✂️ Cut to fit ${formatCount(footer.maxChars)} characters: ${[...dropped, 'the rest of the report'].join(', ')}.`
  const tail = `${renderFooter(note, footer)}\n`
  const budget = footer.maxChars - tail.length - 2 - CLOSING_RESERVE
  const lines = joinSections(sections, dropped).split('\n')
  const kept: string[] = []
  let length = 0
  for (const line of lines) {
    if (length + line.length + 1 > budget) break
    kept.push(line)
    length += line.length + 1
  }
  if (kept.length === 0)
    kept.push(
      `${Array.from(lines[0] ?? '')
        .slice(0, Math.max(0, budget - 2))
        .join('')}…`,
    )
  return `${[...kept, ...closeOpenBlocks(kept)].join('\n').trimEnd()}\n\n${tail}`
}

function closeOpenBlocks(lines: readonly string[]): string[] {
  const fences = lines.filter((line) => line.startsWith('```')).length
  const opened = lines.filter((line) => line.startsWith('<details>')).length
  const closed = lines.filter((line) => line.startsWith('</details>')).length
  return [
    ...(fences % 2 === 1 ? ['```'] : []),
    ...Array.from({ length: Math.max(0, opened - closed) }, () => '</details>'),
  ]
}
