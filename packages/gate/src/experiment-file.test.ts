import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { GateError } from './errors.ts'
import { formatLocatedIssue, parseExperimentText, readExperimentFile } from './experiment-file.ts'

const valid = `experiment: exp-1
arms:
  control: { model: openai:gpt-4.1, weight: 80 }
  candidate: { model: openai:gpt-5, weight: 20 }
guardrails:
  error_rate: { max_increase: 1pp }
`

function problems(text: string): GateError {
  try {
    parseExperimentText(text, 'exp.yaml')
  } catch (err) {
    return err as GateError
  }
  throw new Error('expected the text to be rejected')
}

describe('parseExperimentText', () => {
  it('returns the normalised experiment of a valid file', () => {
    const { experiment } = parseExperimentText(valid, 'exp.yaml')
    expect(experiment.id).toBe('exp-1')
    expect(experiment.arms.map((a) => [a.name, a.weight])).toEqual([
      ['control', 80],
      ['candidate', 20],
    ])
  })

  it('locates schema problems at the line and column of their key', () => {
    const err = problems(valid.replace('weight: 20', 'weight: 30').replace('error_rate', 'eror_rate'))
    expect(err.code).toBe('CONFIG_INVALID')
    expect(err.file).toBe('exp.yaml')
    const typo = err.issues.find((i) => i.path.join('.') === 'guardrails.eror_rate')
    expect(typo).toMatchObject({ line: 6, column: 3 })
    expect(typo?.message).toMatch(/error_rate/)
    const sum = err.issues.find((i) => /sum/.test(i.message))
    expect(sum?.line).toBeGreaterThanOrEqual(2)
    // issues come sorted by position in the file
    const lines = err.issues.map((i) => i.line ?? 0)
    expect(lines).toEqual([...lines].sort((a, b) => a - b))
  })

  it('reports YAML syntax errors with their position, without a stack-trace style message', () => {
    const err = problems('experiment: exp-1\narms: [unclosed\n')
    expect(err.issues.length).toBeGreaterThan(0)
    expect(err.issues[0]?.line).toBeGreaterThanOrEqual(2)
    expect(err.issues[0]?.message).toMatch(/fix the YAML syntax/)
  })

  it('rejects duplicate keys instead of keeping the last one silently', () => {
    const err = problems(`${valid}arms:\n  control: { model: openai:gpt-4.1, weight: 100 }\n`)
    expect(err.issues.some((i) => /[Dd]uplicate|unique/.test(i.message))).toBe(true)
  })

  it('explains an empty file', () => {
    expect(problems('# nothing here\n').issues[0]?.message).toMatch(/empty/)
  })
})

describe('readExperimentFile', () => {
  it('reads a file from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-canary-'))
    writeFileSync(join(dir, 'exp.yaml'), valid)
    const file = await readExperimentFile(join(dir, 'exp.yaml'))
    expect(file.experiment.id).toBe('exp-1')
  })

  it.each([
    ['a missing file', (dir: string) => join(dir, 'missing.yaml'), /no such file/],
    ['a directory', (dir: string) => dir, /is a directory/],
  ])('turns %s into FILE_UNREADABLE', async (_name, pathOf, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-canary-'))
    await expect(readExperimentFile(pathOf(dir))).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message })
  })
})

describe('formatLocatedIssue', () => {
  it('writes file:line:col, then the path and the message', () => {
    const line = formatLocatedIssue('exp.yaml', { path: ['arms', 'x'], message: 'bad', line: 3, column: 5 })
    expect(line).toBe('exp.yaml:3:5  arms.x: bad')
    expect(formatLocatedIssue(undefined, { path: [], message: 'bad' })).toBe('bad')
  })
})
