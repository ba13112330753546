import { describe, expect, it } from 'vitest'
import { createReportStyle, sanitizeTerminalText } from './terminal-style.ts'
import { isUnsafeCharacter } from './unsafe-characters.ts'

describe('createReportStyle', () => {
  it('returns text unchanged when colour is off', () => {
    const style = createReportStyle(false)
    expect(style.red('FAIL')).toBe('FAIL')
    expect(style.bold(style.green('PASS'))).toBe('PASS')
  })

  it('wraps text in SGR codes when colour is on, leaving empty text alone', () => {
    const style = createReportStyle(true)
    expect(style.red('FAIL')).toBe('\u001b[31mFAIL\u001b[39m')
    expect(style.bold('x')).toBe('\u001b[1mx\u001b[22m')
    expect(style.dim('')).toBe('')
  })
})

describe('sanitizeTerminalText', () => {
  it('shows line breaks and control characters as escapes', () => {
    expect(sanitizeTerminalText('a\nb\r\nc')).toBe('a\\nb\\nc')
    expect(sanitizeTerminalText('\u001b[2Jwiped')).toBe('\\u001b[2Jwiped')
    expect(sanitizeTerminalText('admin\u202egnp.exe')).toBe('admin\\u202egnp.exe')
    expect(sanitizeTerminalText('tab\there')).toBe('tab here')
  })

  it('leaves ordinary text, accents and emoji alone', () => {
    expect(sanitizeTerminalText('résumé 👀 €')).toBe('résumé 👀 €')
    expect(isUnsafeCharacter('é')).toBe(false)
    expect(isUnsafeCharacter('\u0085')).toBe(true)
    expect(isUnsafeCharacter('\u2028')).toBe(true)
  })
})
