import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { GateError } from './errors.ts'
import { CONFIG_LIMITS, parseExperimentText, readExperimentFile } from './experiment-file.ts'

// Issue 9, item 5: an experiment file is bounded before the YAML parser can be made slow or fat.

function problems(text: string): string {
  try {
    parseExperimentText(text, 'hostile.yaml')
  } catch (err) {
    expect((err as GateError).code).toBe('CONFIG_INVALID')
    return (err as GateError).issues.map((issue) => issue.message).join('\n')
  }
  throw new Error('expected CONFIG_INVALID')
}

const VALID = `experiment: limits
arms:
  control: { model: openai:gpt-4.1, weight: 50 }
  candidate: { model: openai:gpt-5, weight: 50 }
`

describe('experiment file limits', () => {
  it('refuses a file over the size limit before parsing it, and reads no more of it than that', async () => {
    expect(problems(`${VALID}#${'x'.repeat(CONFIG_LIMITS.maxBytes)}`)).toMatch(
      /an experiment file may be at most 131,072/,
    )
    const dir = mkdtempSync(join(tmpdir(), 'llm-canary-limits-'))
    writeFileSync(join(dir, 'big.yaml'), `${VALID}${'- 1\n'.repeat(500_000)}`)
    await expect(readExperimentFile(join(dir, 'big.yaml'))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/is larger than 131,072 bytes/),
    })
  })

  it('refuses deep flow nesting, too many aliases, keys or items, naming the line', () => {
    expect(problems(`experiment: ${'['.repeat(70)}${']'.repeat(70)}`)).toMatch(/nested more than 64 deep/)
    expect(problems(`a: &a 1\nb: [${Array.from({ length: 101 }, () => '*a').join(', ')}]`)).toMatch(
      /more than 100 aliases/,
    )
    expect(problems(Array.from({ length: 2_001 }, (_, i) => `k${i}: 1`).join('\n'))).toMatch(
      /2,001 keys in one map/,
    )
    expect(problems(`x: [${Array.from({ length: 2_001 }, () => '1').join(',')}]`)).toMatch(
      /2,001 items in one list/,
    )
  })

  it('turns a billion laughs into a clear problem, not an exception', () => {
    const laughs = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
    for (const [i, name] of [...'bcdefghi'].entries()) {
      laughs.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${'abcdefgh'[i]}`).join(', ')}]`)
    }
    expect(problems(laughs.join('\n'))).toMatch(/the aliases expand too far .*write the values out/)
  })

  it('finds duplicate keys in one pass, with their line', () => {
    const text = `${VALID}arms: {}\n`
    expect(problems(text)).toMatch(/Map keys must be unique \(arms is repeated/)
  })

  it('lists at most 50 problems and counts the rest', () => {
    const text = Array.from({ length: 120 }, (_, i) => `dup: ${i}`).join('\n')
    const listed = problems(text).split('\n')
    expect(listed).toHaveLength(CONFIG_LIMITS.maxIssues + 1)
    expect(listed.at(-1)).toMatch(/… and 69 more problem\(s\)/)
  })

  it('still reads a valid file with anchors, and brackets in quotes and comments', () => {
    const deep = '['.repeat(80)
    const text = `experiment: limits # ${deep}\nunit: "session"\narms:\n  control: &c { model: openai:gpt-4.1, weight: 50 }\n  candidate: { model: openai:gpt-5, weight: 50 }\nscope: { agents: ['${deep}'] }\n`
    const { experiment } = parseExperimentText(text, 'ok.yaml')
    expect(experiment.id).toBe('limits')
    expect(experiment.scopeAgents).toEqual([deep])
  })
})
