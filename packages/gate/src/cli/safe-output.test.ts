import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeUnsafeOutput, isUnsafeCharacter } from '../report/unsafe-characters.ts'
import { collectSecrets, createSafeIO } from './safe-output.ts'

function capture(secrets = collectSecrets([], {}), color = false) {
  let out = ''
  const io = createSafeIO(
    { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => {} } },
    secrets,
    color,
  )
  return { io, printed: () => out }
}

describe('the CLI output guard', () => {
  it('lets no unsafe character through, whatever is written; line breaks and tabs stay', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const { io, printed } = capture()
        io.stdout.write(text)
        for (const char of printed())
          expect(char === '\n' || char === '\t' || !isUnsafeCharacter(char)).toBe(true)
        expect(printed().split('\n').length).toBe(text.split('\n').length)
      }),
    )
  })

  it('keeps only its own colour codes, and only when colour is on', () => {
    const styled = '\u001b[31merror\u001b[39m \u001b[8mhidden\u001b[28m \u001b]0;PWNED\u0007'
    expect(escapeUnsafeOutput(styled, { keepOwnStyles: true })).toBe(
      '\u001b[31merror\u001b[39m \\u001b[8mhidden\\u001b[28m \\u001b]0;PWNED\\u0007',
    )
    expect(escapeUnsafeOutput(styled)).not.toContain('\u001b')
  })

  it('masks the secrets of the environment, --tenant and URL credentials in argv, in output and files', () => {
    const secrets = collectSecrets(
      ['analyze', '-s', 'tempo:https://ci:pa/ss@tempo.example.com', '--tenant=team-7', '--tenant', 'org-99'],
      { LLM_CANARY_TRACE_TOKEN: '  tok-from-env\n', LLM_CANARY_TRACE_TENANT: 'env-tenant' },
    )
    const { io, printed } = capture(secrets)
    const text = 'tok-from-env pa/ss ci:pa/ss team-7 org-99 env-tenant tempo.example.com'
    io.stdout.write(text)
    expect(printed()).toBe('*** *** *** *** *** *** tempo.example.com')
    expect(io.guard?.(text)).toBe(printed())
  })
})
