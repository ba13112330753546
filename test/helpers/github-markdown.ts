import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'

/**
 * Renders Markdown to HTML the way GitHub parses a comment: CommonMark plus the GFM extensions
 * (tables, strikethrough, autolinks, task lists, footnotes), by micromark, which follows both specs to
 * the letter. Raw HTML (`<details>`, `<sub>`) passes through as GitHub lets it; GitHub's sanitiser and
 * its Mermaid viewer come after parsing and are not imitated here. Used by the report-rendering test and
 * by `pnpm render:comment`.
 *
 * @param markdown - A comment's Markdown.
 * @returns The HTML of its body.
 * @example
 * renderGitHubMarkdown('| a |\n| - |\n| 1 |') // '<table>\n<thead>\n<tr>\n<th>a</th>...'
 */
export function renderGitHubMarkdown(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true })
}
