import { escapeMarkdown as esc, labelRolloutStep } from '@llm-canary/gate'
import type { ExperimentResult } from '../experiment-result.ts'
import { fitText } from './fit-text.ts'
import { renderSurface } from './report-pull-request.ts'

/** GitHub drops a step's summary above 1 MiB. */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024
/** Kept free under the limit for the runner's own framing. */
const MARGIN_BYTES = 16 * 1024
/** The longest section per experiment: a PR comment's limit. */
const SECTION_MAX_CHARS = 65_536
/** A section is never squeezed below this; past it, sections are left out and counted. */
const SECTION_MIN_CHARS = 2_000

/** A table cell's longest title. */
const CELL_MAX_CHARS = 300

const CHECK_EMOJI = { success: '✅', failure: '❌', neutral: '⚪', pending: '⏳', skipped: '➖' } as const

/** What the summary says besides the experiments. */
export interface SummaryFrame {
  /** The first heading, e.g. `llm-canary gate · pull request #12`. */
  readonly title: string
  /** Paragraphs under it (Markdown, already escaped): a fork's note, the revert pull request ... */
  readonly notes: readonly string[]
  readonly detailsUrl: string | undefined
  /** What the table says when no experiment was judged (default: none matches in this change). */
  readonly empty?: string
}

/**
 * Renders the job summary: a table of every experiment (file, step, check, verdict), then each
 * experiment's full section (the text of its PR comment). Sections shrink together until the whole fits
 * GitHub's 1 MiB limit, measured in UTF-8 bytes; past the smallest useful size, the last ones are left out
 * and counted. The summary needs no token: a fork's read-only run gets it too.
 *
 * @param results - One per experiment file.
 * @param frame - Title, notes and the run's link.
 * @param maxBytes - The limit (default 1 MiB).
 * @returns Markdown of at most `maxBytes - 16 KiB` bytes.
 */
export function renderJobSummary(
  results: readonly ExperimentResult[],
  frame: SummaryFrame,
  maxBytes = JOB_SUMMARY_MAX_BYTES,
): string {
  const budget = maxBytes - MARGIN_BYTES
  const head = renderHead(results, frame)
  let perSection = SECTION_MAX_CHARS
  for (;;) {
    const sections = results.map((result) => renderSection(result, perSection, frame.detailsUrl))
    const text = [head, ...sections].join('\n\n')
    const bytes = Buffer.byteLength(text, 'utf8')
    if (bytes <= budget) return `${text}\n`
    if (perSection <= SECTION_MIN_CHARS) return `${keepWhatFits(head, sections, budget)}\n`
    perSection = Math.max(SECTION_MIN_CHARS, Math.floor((perSection * budget) / bytes) - 64)
  }
}

function renderHead(results: readonly ExperimentResult[], frame: SummaryFrame): string {
  const rows = results.map((result) =>
    [
      '',
      esc(result.experiment),
      esc(result.file),
      labelRolloutStep(result.change.kind),
      `${CHECK_EMOJI[result.decision.check]} ${esc(fitText(result.decision.title, CELL_MAX_CHARS))}`,
      result.decision.verdict,
      '',
    ].join(' | '),
  )
  const table =
    results.length === 0
      ? [frame.empty ?? 'No experiment file matches the `experiment` input in this change.']
      : [
          '| experiment | file | step | check | verdict |',
          '| --- | --- | --- | --- | --- |',
          ...rows.map((row) => row.trim()),
        ]
  return [`## 🐤 ${frame.title}`, ...frame.notes.map((note) => `\n${note}`), '', ...table].join('\n')
}

function renderSection(result: ExperimentResult, maxChars: number, detailsUrl: string | undefined): string {
  try {
    return renderSurface(result, maxChars, detailsUrl).trimEnd()
  } catch {
    // Too small for the gate's text: the title alone.
    return `### ${esc(result.experiment)}\n\n${esc(fitText(result.decision.title, CELL_MAX_CHARS))}`
  }
}

function keepWhatFits(head: string, sections: readonly string[], budget: number): string {
  const kept: string[] = [head]
  let bytes = Buffer.byteLength(head, 'utf8')
  let index = 0
  for (; index < sections.length; index += 1) {
    const size = Buffer.byteLength(sections[index] ?? '', 'utf8') + 2
    if (bytes + size + 200 > budget) break
    kept.push(sections[index] ?? '')
    bytes += size
  }
  const left = sections.length - index
  if (left > 0)
    kept.push(
      `✂️ ${left} more experiment sections left out to fit GitHub's 1 MiB summary limit; the JSON report has every one.`,
    )
  return kept.join('\n\n')
}
