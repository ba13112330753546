import { Readable } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { GateError } from '../errors.ts'
import { readBoundedLines } from './bounded-lines.ts'

async function collect(chunks: readonly Buffer[], maxLineBytes = 1_000, compressedBytes?: () => number) {
  const lines: string[] = []
  const limits = {
    path: 'traces.jsonl',
    maxLineBytes,
    ...(compressedBytes === undefined ? {} : { compressedBytes }),
  }
  for await (const line of readBoundedLines(Readable.from(chunks), limits)) lines.push(line)
  return lines
}

describe('readBoundedLines', () => {
  it('gives back the lines whatever the chunking, multi-byte characters and CRLF included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        fc.boolean(),
        fc.array(fc.nat({ max: 50 }), { maxLength: 10 }),
        async (lines, crlf, cuts) => {
          const bytes = Buffer.from(lines.join(crlf ? '\r\n' : '\n'))
          const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)
          const chunks = [0, ...points].map((start, i) => bytes.subarray(start, [...points, bytes.length][i]))
          const expected = lines.at(-1) === '' ? lines.slice(0, -1) : lines
          expect(await collect(chunks.filter((c) => c.length > 0))).toEqual(expected)
        },
      ),
    )
  })

  it('stops at the first line past the limit, naming it, without reading on', async () => {
    let pulled = 0
    async function* endless(): AsyncGenerator<Buffer> {
      for (;;) {
        pulled++
        yield Buffer.alloc(64, 0x30)
      }
    }
    const lines: string[] = []
    const err = await (async () => {
      for await (const line of readBoundedLines(endless(), { path: 'bomb.jsonl', maxLineBytes: 1_000 }))
        lines.push(line)
    })().catch((e: unknown) => e as GateError)
    expect(err).toMatchObject({ code: 'TRACE_LIMIT' })
    expect((err as GateError).message).toMatch(/bomb\.jsonl:1: the line is longer than/)
    expect(pulled).toBeLessThan(20)
  })

  it('refuses a decompression ratio only a bomb reaches', async () => {
    const chunk = Buffer.from(`${'x'.repeat(1023)}\n`.repeat(16 * 1024))
    let lines = 0
    const err = await (async () => {
      const input = Readable.from(Array.from({ length: 20 }, () => chunk))
      const limits = { path: 'bomb.jsonl.gz', maxLineBytes: 2_000, compressedBytes: () => 1_000_000 }
      for await (const _line of readBoundedLines(input, limits)) lines++
    })().catch((e: unknown) => e as GateError)
    expect(err).toMatchObject({ code: 'TRACE_LIMIT' })
    expect((err as GateError).message).toMatch(/bomb\.jsonl\.gz decompresses to more than 200 times its size/)
    // Judged as soon as 256 MB have come: the 16th chunk of 16 MB is refused before any of its lines.
    expect(lines).toBe(15 * 16 * 1024)
  })
})
