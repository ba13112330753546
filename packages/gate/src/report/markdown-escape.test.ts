import { describe, expect, it } from 'vitest'
import {
  escapeHtml,
  escapeMarkdown,
  escapeMermaidLabel,
  renderMarkerComment,
  sanitizeLinkUrl,
} from './markdown-escape.ts'

/** Markdown-significant characters that are not preceded by a backslash. */
const UNESCAPED = /(?<!\\)[|[\]*_~$]/

describe('escapeMarkdown', () => {
  it('turns HTML into text', () => {
    const out = escapeMarkdown('<img src=x onerror=alert(1)>')
    expect(out).not.toMatch(/<|>/)
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('cannot open a table cell, a link, emphasis, strikethrough or math', () => {
    for (const hostile of [
      '| fake | row |',
      '](javascript:alert(1))',
      '[x](https://evil)',
      '**b** _i_ ~s~',
      '$x$',
    ]) {
      expect(escapeMarkdown(hostile)).not.toMatch(UNESCAPED)
    }
    expect(escapeMarkdown('](javascript:alert(1))')).not.toMatch(/(?<!\\)\]\(/)
  })

  it('breaks mentions and issue references with a zero-width space', () => {
    expect(escapeMarkdown('@everyone')).toBe('@&#8203;everyone')
    expect(escapeMarkdown('see #12')).toBe('see #&#8203;12')
  })

  it('keeps code spans, entities and backslashes inert', () => {
    expect(escapeMarkdown('`rm -rf`')).toBe('&#96;rm -rf&#96;')
    expect(escapeMarkdown('&lt;')).toBe('&amp;lt;')
    expect(escapeMarkdown('a\\|b')).toBe('a\\\\\\|b')
  })

  it('keeps the text on one line and drops control and bidi characters', () => {
    const out = escapeMarkdown('one\n## two\r\nthree\u202eevil\u0007')
    for (const char of ['\n', '\r', '\u202e', '\u0007']) expect(out).not.toContain(char)
    expect(out).toContain('one #&#8203;#&#8203; two')
  })

  it('escapes a list marker or thematic break at the start but leaves signed numbers readable', () => {
    expect(escapeMarkdown('- item')).toBe('\\- item')
    expect(escapeMarkdown('1. item')).toBe('1\\. item')
    expect(escapeMarkdown('---')).toBe('\\---')
    expect(escapeMarkdown('-0.25pp')).toBe('-0.25pp')
    expect(escapeMarkdown('+12.3%')).toBe('+12.3%')
  })

  it('stops bare URLs from becoming links', () => {
    expect(escapeMarkdown('https://evil.example')).toBe('https:&#8203;//evil.example')
    expect(escapeMarkdown('www.evil.example')).toBe('www&#8203;.evil.example')
  })
})

describe('escapeHtml', () => {
  it('escapes the characters that open tags and attributes', () => {
    expect(escapeHtml('a <b> & "c"\nd')).toBe('a &lt;b&gt; &amp; &quot;c&quot; d')
  })
})

describe('escapeMermaidLabel', () => {
  it('keeps letters, digits and plain punctuation', () => {
    expect(escapeMermaidLabel('candidate: P95 latency (ms)')).toBe('candidate: P95 latency (ms)')
    expect(escapeMermaidLabel('kandidat-ä 2')).toBe('kandidat-ä 2')
  })

  it('cannot close its quotes, the code fence or inject a directive', () => {
    const out = escapeMermaidLabel('x"\n```\n%%{init: {}}%%<b>')
    expect(out).not.toMatch(/["`%<>{}\n]/)
  })

  it('caps the length', () => {
    expect([...escapeMermaidLabel('a'.repeat(200))]).toHaveLength(60)
  })
})

describe('renderMarkerComment', () => {
  it('wraps the key in a hidden comment', () => {
    expect(renderMarkerComment('support-triage-2026-05')).toBe('<!-- llm-canary:support-triage-2026-05 -->')
  })

  it('cannot close the comment early', () => {
    const out = renderMarkerComment('x --> <b>hi</b> <!--')
    expect(out.slice(4, -3)).not.toMatch(/--|<|>/)
    expect(out.endsWith(' -->')).toBe(true)
  })

  it('refuses an empty key', () => {
    expect(() => renderMarkerComment('')).toThrowError(
      expect.objectContaining({ name: 'GateError', code: 'USAGE' }),
    )
  })
})

describe('sanitizeLinkUrl', () => {
  it('accepts http(s) and encodes characters that would end the link', () => {
    expect(sanitizeLinkUrl('https://github.com/o/r/actions/runs/1')).toBe(
      'https://github.com/o/r/actions/runs/1',
    )
    expect(sanitizeLinkUrl("https://x.test/a(b)'c")).toBe('https://x.test/a%28b%29%27c')
  })

  it('refuses script and data links', () => {
    expect(() => sanitizeLinkUrl('javascript:alert(1)')).toThrowError(/only http: and https:/)
    expect(() => sanitizeLinkUrl('data:text/html,<b>')).toThrowError(
      expect.objectContaining({ code: 'USAGE' }),
    )
    expect(() => sanitizeLinkUrl('not a url')).toThrowError(/is not a URL/)
  })
})
