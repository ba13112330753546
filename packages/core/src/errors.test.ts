import { describe, expect, it } from 'vitest'
import { CoreError, formatIssuePath } from './errors.ts'

describe('CoreError', () => {
  it('carries its code, name and every issue', () => {
    const issues = [{ path: ['arms', 'control'], message: 'missing' }]
    const err = new CoreError('CONFIG_INVALID', 'bad file', { issues })
    expect(err.name).toBe('CoreError')
    expect(err.code).toBe('CONFIG_INVALID')
    expect(err.issues).toEqual(issues)
    expect(new CoreError('UNIT_ID_INVALID', 'x').issues).toEqual([])
  })
})

describe('formatIssuePath', () => {
  it.each([
    [[], '(root)'],
    [['arms', 'candidate', 'weight'], 'arms.candidate.weight'],
    [['scope', 'agents', 1], 'scope.agents[1]'],
  ] as const)('%j -> %s', (path, expected) => {
    expect(formatIssuePath(path)).toBe(expected)
  })
})
