import { GateError } from '../errors.ts'
import { replaceUnsafeCharacters } from './unsafe-characters.ts'

/**
 * Escaping for text that comes from spans or the experiment file (agent, arm and model names, warnings,
 * the source) before it enters a PR comment, a check run or a job summary, where GitHub renders Markdown,
 * HTML, Mermaid, mentions and issue references.
 */

/** Replacements applied character by character; anything else passes through. */
const MARKDOWN_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '|': '\\|',
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '`': '&#96;',
  '[': '\\[',
  ']': '\\]',
  '*': '\\*',
  _: '\\_',
  '~': '\\~',
  $: '\\$',
  // A zero-width space after @ and # stops GitHub from turning them into mentions and issue references
  // (it links those after entity decoding, so an entity alone would not do).
  '@': '@&#8203;',
  '#': '#&#8203;',
}

/**
 * Escapes untrusted text for Markdown, inside a table cell or a paragraph: it renders as the same
 * characters and can open no link, image, HTML tag, code span, emphasis, heading, table cell, math,
 * mention (`@everyone`), issue reference or autolink. Line breaks, control and bidirectional-override
 * characters become spaces, so the text stays on its line.
 *
 * @param text - Text from spans or the experiment file.
 * @returns The escaped text, on one line.
 * @example
 * escapeMarkdown('<img src=x onerror=alert(1)>') // '&lt;img src=x onerror=alert\\(1\\)&gt;'
 */
export function escapeMarkdown(text: string): string {
  const flat = replaceUnsafeCharacters(text, () => ' ')
  let escaped = ''
  for (const char of flat) escaped += MARKDOWN_ESCAPES[char] ?? char
  return (
    escaped
      // A list marker or thematic break at the start of a line, and bare-URL autolinks (www., scheme://).
      .replace(/^([-+=])(?=[\s\-+=]|$)/, '\\$1')
      .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
      .replace(/:\/\//g, ':&#8203;//')
      .replace(/\bwww\./gi, (match) => `${match.slice(0, 3)}&#8203;.`)
  )
}

/**
 * Escapes text for an HTML context such as `<summary>`, where GitHub applies no Markdown (backslash
 * escapes would show) but decodes entities.
 *
 * @param text - Text for inside an HTML element.
 * @returns The text with `&`, `<`, `>` and `"` as entities and line breaks as spaces.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/**
 * Makes untrusted text safe inside a quoted Mermaid label (`title "..."`): keeps letters, digits,
 * spaces and `. , : + - / ( )`, turns anything else (quotes, brackets, `%`, backticks, `<`, line
 * breaks) into `_`, and caps the length so a chart title stays readable.
 *
 * @param text - Text from spans or the experiment file.
 * @param maxLength - Longest label kept (default 60); longer text ends in `…`.
 * @returns A label that can neither close its quotes nor the code fence around the chart.
 */
export function escapeMermaidLabel(text: string, maxLength = 60): string {
  const safe = text.replace(/[^\p{L}\p{N} .,:+\-/()]/gu, '_')
  const chars = [...safe]
  return chars.length <= maxLength ? safe : `${chars.slice(0, maxLength - 1).join('')}…`
}

/**
 * Builds the hidden HTML comment that lets a bot find its own comment again and update it in place.
 *
 * @param marker - The key, typically the experiment id. Characters that could end the comment (`-->`,
 *   `--`, `<`, `>`) or break its line are replaced by `_`.
 * @returns E.g. `<!-- llm-canary:support-triage-2026-05 -->`.
 * @throws GateError `USAGE` when the marker is empty.
 */
export function renderMarkerComment(marker: string): string {
  const key = marker.replace(/[\s<>!]|-(?=-)/g, '_')
  if (key === '') {
    throw new GateError(
      'USAGE',
      'the comment marker is empty; pass the experiment id (e.g. support-triage-2026-05)',
    )
  }
  return `<!-- llm-canary:${key} -->`
}

/**
 * Checks a link for the report's details and makes it safe inside `[text](url)`.
 *
 * @param url - An http(s) URL (e.g. the workflow run's page).
 * @returns The URL with spaces, quotes, parentheses and angle brackets percent-encoded.
 * @throws GateError `USAGE` when the URL is not http(s): a `javascript:` or `data:` link in a report
 *   would run in the reader's browser.
 */
export function sanitizeLinkUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new GateError('USAGE', `detailsUrl "${url}" is not a URL; pass an http(s) link to the full report`)
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new GateError(
      'USAGE',
      `detailsUrl "${url}" uses ${parsed.protocol}; only http: and https: links are allowed in reports`,
    )
  }
  return parsed.href.replace(
    /[\s"'()<>`]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  )
}
