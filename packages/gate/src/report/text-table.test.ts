import { describe, expect, it } from 'vitest'
import { measure, renderTextTable, truncateText, wrapText } from './text-table.ts'

describe('renderTextTable', () => {
  it('aligns columns two spaces apart, numbers to the right', () => {
    const lines = renderTextTable({
      columns: [{ header: 'arm' }, { header: 'sessions', align: 'right' }],
      rows: [
        ['control', '4,960'],
        ['candidate', '1,240'],
      ],
    })
    expect(lines).toEqual(['arm        sessions', 'control       4,960', 'candidate     1,240'])
  })

  it('pads before styling, so colour codes do not shift the columns', () => {
    const bracket = (text: string) => `[${text}]`
    const lines = renderTextTable({
      columns: [{ header: 'status' }, { header: 'n', align: 'right' }],
      rows: [[{ text: 'ok', style: bracket }, '1']],
    })
    expect(lines[1]).toBe('[ok]      1')
  })

  it('shrinks flexible columns first, then the widest, ending cells in an ellipsis', () => {
    const long = 'a-very-long-agent-name-that-does-not-fit'
    const lines = renderTextTable({
      columns: [{ header: 'agent', flexible: true }, { header: 'worst change' }],
      rows: [[long, 'P95 latency +40.2%']],
      width: 32,
    })
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(32)
    expect(lines[1]).toContain('P95 latency +40.2%')
    expect(lines[1]).toContain('…')
  })

  it('never shrinks a column below six characters', () => {
    const lines = renderTextTable({ columns: [{ header: 'name' }], rows: [['abcdefghijkl']], width: 3 })
    expect(lines[1]).toBe('abcde…')
  })
})

describe('truncateText and wrapText', () => {
  it('truncates by code points', () => {
    expect(truncateText('abcdef', 4)).toBe('abc…')
    expect(truncateText('abc', 4)).toBe('abc')
  })

  it('wraps at spaces, keeps the leading indent and indents continuation lines', () => {
    const lines = wrapText('  - one two three four five', 12, '    ')
    expect(lines).toEqual(['  - one two', '    three', '    four', '    five'])
  })

  it('leaves text alone without a width', () => {
    expect(wrapText('a b c', undefined)).toEqual(['a b c'])
  })
})
