import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import type { TestReply, TestServer } from './backend-server.fixture.ts'
import { rejectionOf, startTestServer } from './backend-server.fixture.ts'
import { getJson } from './http.ts'

// Issue 9, items 4, 8 and 9 at the HTTP layer: bodies are capped after decompression, redirects stay in
// their origin, and whatever of a body reaches a message has the request's secrets masked.

const servers: TestServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

async function serve(handler: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const server = await startTestServer(handler)
  servers.push(server)
  return server
}

const once = { retries: 0 } as const

describe('getJson under hostile answers', () => {
  it('stops reading a body at the cap, counted after decompression (a gzip bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1_048_576), { level: 9 })
    const raw = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(bomb)
    })
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`
    const err = await rejectionOf(getJson(new URL(url), { ...once, maxBodyBytes: 1_048_576 })).finally(
      () => new Promise((resolve) => raw.close(resolve)),
    )
    expect(err.code).toBe('TRACE_LIMIT')
    expect(err.message).toMatch(/answered more than 1 MB \(decompressed\).*--max-body-mb/)
  })

  it('reads a body up to the cap whole', async () => {
    const doc = { traces: Array.from({ length: 2000 }, (_, i) => ({ traceID: String(i) })) }
    const server = await serve(() => ({ body: doc }))
    const { body } = await getJson(new URL(server.url), { ...once, maxBodyBytes: JSON.stringify(doc).length })
    expect(body).toEqual(doc)
  })

  it('follows a redirect within the origin and refuses one to another origin, sending it nothing', async () => {
    const other = await serve(() => ({ body: {} }))
    const server = await serve((request) =>
      request.path === '/same'
        ? { status: 307, headers: { location: '/target' } }
        : request.path === '/away'
          ? { status: 302, headers: { location: `${other.url}/target` } }
          : { body: { ok: true } },
    )
    const headers = { authorization: 'Bearer tok-abcdef' }
    expect((await getJson(new URL(`${server.url}/same`), { ...once, headers })).body).toEqual({ ok: true })
    expect(server.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/same', 'Bearer tok-abcdef'],
      ['/target', 'Bearer tok-abcdef'],
    ])
    const err = await rejectionOf(getJson(new URL(`${server.url}/away`), { ...once, headers }))
    expect(err.code).toBe('BACKEND_REJECTED')
    expect(err.message).toContain(`redirects to another origin, ${other.url}`)
    expect(other.requests).toHaveLength(0)
  })

  it('gives up after a few redirects in a loop', async () => {
    const server = await serve((request) => ({ status: 302, headers: { location: `${request.path}x` } }))
    const err = await rejectionOf(getJson(new URL(`${server.url}/a`), once))
    expect(err.message).toMatch(/redirected more than 5 times/)
  })

  it('masks every header value it sent wherever a body echoes it, before the excerpt is cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        // A capital Q appears nowhere else in the message, so any piece of the token would be seen.
        fc.stringMatching(/^Q[a-z0-9_-]{7,40}$/),
        fc.nat({ max: 230 }),
        fc.constantFrom(401, 403, 500, 200),
        async (token, offset, status) => {
          const reply: TestReply = {
            status,
            body: `${'x'.repeat(offset)}${token} and again ${encodeURIComponent(token)}`,
          }
          const server = await serve(() => reply)
          const err = await rejectionOf(
            getJson(new URL(server.url), { ...once, headers: { authorization: `Bearer ${token}` } }),
          )
          expect(err.message).not.toMatch(new RegExp(`${token.slice(0, 3)}|Q%`))
        },
      ),
      { numRuns: 25 },
    )
  })
})
