import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkHeaderValue, maskUrlCredentials, SecretRedactor, urlUserinfo } from './secret-redactor.ts'

/** Secrets of every shape: URL-special characters, quotes, backslashes, non-ASCII. */
const secret = fc
  .string({ minLength: 3, maxLength: 30, unit: 'binary' })
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused at the edge.
  .filter((s) => !/[\u0000-\u001f\u007f]/.test(s) && s.trim().length >= 3)

describe('SecretRedactor', () => {
  it('masks a secret in every form it travels in, wherever it appears', () => {
    fc.assert(
      fc.property(secret, fc.string(), fc.string(), (value, before, after) => {
        const redactor = new SecretRedactor().add(value)
        for (const form of [
          value,
          encodeURIComponent(value),
          JSON.stringify(value).slice(1, -1),
          Buffer.from(value).toString('base64'),
        ]) {
          expect(redactor.redact(`${before}${form}${after}`)).not.toContain(form)
        }
      }),
    )
  })

  it('masks the URL credentials whatever they hold, and the basic header built from them', () => {
    fc.assert(
      fc.property(secret, (password) => {
        const spec = `jaeger:https://robot:${password}@jaeger.example.com/base`
        const redactor = new SecretRedactor().addUrlCredentials(spec)
        const basic = Buffer.from(`robot:${password}`).toString('base64')
        const text = `${spec} sent Basic ${basic} for ${password}`
        const shown = redactor.redact(text)
        expect(shown).not.toContain(password)
        expect(shown).not.toContain(basic)
        expect(urlUserinfo(spec)).toBe(`robot:${password}`)
        expect(maskUrlCredentials(spec)).toBe('jaeger:https://***@jaeger.example.com/base')
      }),
    )
  })

  it('masks a header credential, and what a basic one decodes to', () => {
    const redactor = new SecretRedactor()
      .addHeaderValue('Bearer tok-123456')
      .addHeaderValue(`Basic ${Buffer.from('me:hunter22').toString('base64')}`)
    expect(redactor.redact('tok-123456 me:hunter22 hunter22')).toBe('*** *** ***')
  })

  it('leaves text alone when it holds no secret, and ignores secrets too short to mask', () => {
    const redactor = new SecretRedactor().add('ab').add(undefined).add('')
    expect(redactor.redact('abc abd')).toBe('abc abd')
  })
})

describe('checkHeaderValue', () => {
  it('refuses control characters by position, never echoing the value', () => {
    expect(() => checkHeaderValue('LLM_CANARY_TRACE_TOKEN', 'tok\r\nX-Evil: 1')).toThrow(
      /LLM_CANARY_TRACE_TOKEN contains a line break \(character 4 of 14\)/,
    )
    expect(() => checkHeaderValue('--tenant', 'a\u0000b')).toThrow(/a control character/)
    expect(() => checkHeaderValue('--tenant', 'tenant-ü 1')).not.toThrow()
  })
})
