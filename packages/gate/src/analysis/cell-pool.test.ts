import { describe, expect, it } from 'vitest'
import type { CellField } from './cell-pool.ts'
import { CELL, CELL_WIDTH, CellPool, createCellRow } from './cell-pool.ts'

describe('CellPool', () => {
  it('keeps every field of every cell apart, across chunks', () => {
    const pool = new CellPool()
    const cells = Array.from({ length: 20_000 }, () => pool.allocate())
    const fields = Object.values(CELL) as CellField[]
    expect(new Set(fields).size).toBe(CELL_WIDTH)
    for (const cell of [0, 1, 16_383, 16_384, 19_999]) {
      for (const [index, field] of fields.entries()) pool.add(cell, field, cell + index)
    }
    expect(pool.size).toBe(cells.length)
    for (const cell of [0, 1, 16_383, 16_384, 19_999]) {
      const row = pool.addInto(cell, createCellRow())
      fields.forEach((field, index) => {
        expect(pool.get(cell, field)).toBe(cell + index)
        expect(row[field]).toBe(cell + index)
      })
    }
    expect(pool.get(2, CELL.calls)).toBe(0)
  })

  it('keeps sums to double precision and accumulates counts', () => {
    const pool = new CellPool()
    const cell = pool.allocate()
    pool.add(cell, CELL.costSumUsd, 0.1)
    pool.add(cell, CELL.costSumUsd, 0.2)
    pool.add(cell, CELL.calls, 1)
    pool.add(cell, CELL.calls, 1)
    expect(pool.get(cell, CELL.costSumUsd)).toBe(0.1 + 0.2)
    expect(pool.get(cell, CELL.calls)).toBe(2)
  })

  it('totals cells into a row', () => {
    const pool = new CellPool()
    const [a, b] = [pool.allocate(), pool.allocate()]
    pool.add(a, CELL.latencySumMs, 100.5)
    pool.add(b, CELL.latencySumMs, 50.25)
    pool.add(a, CELL.errors, 1)
    const row = createCellRow()
    pool.addInto(a, row)
    pool.addInto(b, row)
    expect([row[CELL.latencySumMs], row[CELL.errors]]).toEqual([150.75, 1])
  })
})
