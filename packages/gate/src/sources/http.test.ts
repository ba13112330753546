import { afterEach, describe, expect, it } from 'vitest'
import type { TestReply, TestServer } from './backend-server.fixture.ts'
import { closedPortUrl, rejectionOf, startTestServer } from './backend-server.fixture.ts'
import { getJson } from './http.ts'

let server: TestServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function serve(replies: readonly TestReply[]): Promise<TestServer> {
  await server?.close()
  let next = 0
  server = await startTestServer(() => replies[Math.min(next++, replies.length - 1)] ?? {})
  return server
}

/** Serves the replies in turn, noting when each request arrived (ms, monotonic). */
async function serveTimed(
  replies: readonly TestReply[],
): Promise<TestServer & { readonly arrivals: number[] }> {
  await server?.close()
  const arrivals: number[] = []
  let next = 0
  server = await startTestServer(() => {
    arrivals.push(performance.now())
    return replies[Math.min(next++, replies.length - 1)] ?? {}
  })
  return Object.assign(server, { arrivals })
}

describe('getJson', () => {
  it('retries a 503 with exponential backoff (undici), then returns the JSON', async () => {
    const { url, requests, arrivals } = await serveTimed([
      { status: 503, body: 'overloaded' },
      { status: 503 },
      { body: { ok: 1 } },
    ])
    const response = await getJson(new URL(`${url}/api/v3/services`), { retryBaseMs: 40 })
    expect(response).toMatchObject({ status: 200, body: { ok: 1 } })
    expect(requests).toHaveLength(3)
    // Timers never fire early: the waits are at least 40 ms, then 80 ms.
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(39)
    expect((arrivals[2] ?? 0) - (arrivals[1] ?? 0)).toBeGreaterThanOrEqual(79)
  })

  it('waits what Retry-After asks on a 429, over the backoff', async () => {
    const { url, arrivals } = await serveTimed([
      { status: 429, headers: { 'retry-after': '1' } },
      { body: [] },
    ])
    await getJson(new URL(url), { retryBaseMs: 1 })
    expect(arrivals).toHaveLength(2)
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(999)
  })

  it('quotes the last answer of a status it gave up retrying', async () => {
    const { url, requests } = await serve([{ status: 503, body: 'overloaded' }])
    const err = await rejectionOf(getJson(new URL(`${url}/api/traces`), { retries: 2, retryBaseMs: 1 }))
    expect(err.code).toBe('BACKEND_UNREACHABLE')
    expect(err.message).toContain(`GET ${url}/api/traces failed after 3 attempts: HTTP 503: "overloaded"`)
    expect(requests).toHaveLength(3)
  })

  it('rejects a 401 at once with the status and the start of the plain-text body', async () => {
    const { url, requests } = await serve([{ status: 401, body: `unauthorized ${'x'.repeat(300)}` }])
    const err = await rejectionOf(
      getJson(new URL(`${url}/api/search?q=x`), { headers: { authorization: 'Bearer s3cret-token' } }),
    )
    expect(err.code).toBe('BACKEND_REJECTED')
    expect(err.message).toContain(`GET ${url}/api/search was rejected with HTTP 401: "unauthorized xxx`)
    expect(err.message).toContain('check the credentials')
    expect(err.message).not.toContain('x'.repeat(201))
    expect(err.message).not.toContain('s3cret-token')
    expect(requests).toHaveLength(1)
  })

  it('does not retry a 501: the backend does not implement the route', async () => {
    const { url, requests } = await serve([{ status: 501, body: 'not implemented' }])
    const err = await rejectionOf(getJson(new URL(url), { retryBaseMs: 1 }))
    expect(err.code).toBe('BACKEND_REJECTED')
    expect(err.message).toContain('HTTP 501')
    expect(requests).toHaveLength(1)
  })

  it('gives up on a closed port after the retries, naming the URL without credentials', async () => {
    const url = new URL(await closedPortUrl())
    const err = await rejectionOf(
      getJson(new URL('/api/v3/traces', url), {
        retries: 2,
        retryBaseMs: 1,
        headers: { authorization: 'Basic c2VjcmV0' },
      }),
    )
    expect(err.code).toBe('BACKEND_UNREACHABLE')
    expect(err.message).toContain(`GET ${url.origin}/api/v3/traces failed after 3 attempts`)
    expect(err.message).toContain('ECONNREFUSED')
    expect(err.message).not.toContain('c2VjcmV0')
  })

  it('times out an attempt that never answers, and retries it', async () => {
    const { url, requests } = await serve([{ hang: true }])
    const err = await rejectionOf(getJson(new URL(url), { timeoutMs: 50, retries: 1, retryBaseMs: 1 }))
    expect(err.code).toBe('BACKEND_UNREACHABLE')
    expect(err.message).toContain('failed after 2 attempts: no answer within 50 ms')
    expect(requests).toHaveLength(2)
  })

  it('reports a 200 body that is not JSON as BACKEND_RESPONSE_INVALID', async () => {
    const { url } = await serve([{ body: '<html>login</html>' }])
    const err = await rejectionOf(getJson(new URL(url)))
    expect(err.code).toBe('BACKEND_RESPONSE_INVALID')
    expect(err.message).toContain('"<html>login</html>"')
  })

  it('hands back pass-through statuses with their body instead of throwing or retrying', async () => {
    const { url, requests } = await serve([{ status: 501, body: '{"error":{"message":"disabled"}}' }])
    const response = await getJson(new URL(url), { passStatuses: [404, 501] })
    expect(response).toEqual({
      status: 501,
      text: '{"error":{"message":"disabled"}}',
      body: { error: { message: 'disabled' } },
    })
    expect(requests).toHaveLength(1)
    const notJson = await serve([{ status: 404, body: '404 page not found\n' }])
    expect((await getJson(new URL(notJson.url), { passStatuses: [404] })).body).toBeUndefined()
  })

  it('sends the headers it is given and asks for JSON', async () => {
    const { url, requests } = await serve([{ body: {} }])
    await getJson(new URL(url), { headers: { authorization: 'Bearer t', 'x-tenant': 'acme' } })
    expect(requests[0]?.headers).toMatchObject({
      authorization: 'Bearer t',
      'x-tenant': 'acme',
      accept: 'application/json',
    })
  })

  it('stops when the caller aborts, with the abort reason, even between attempts', async () => {
    const controller = new AbortController()
    const reason = new Error('cancelled by the user')
    const { url } = await serve([{ status: 503 }])
    // The first answer is a 503; the abort comes while undici waits to retry it.
    const pending = getJson(new URL(url), { signal: controller.signal, retryBaseMs: 200 })
    setTimeout(() => controller.abort(reason), 50)
    await expect(pending).rejects.toBe(reason)
    await expect(getJson(new URL(url), { signal: controller.signal })).rejects.toBe(reason)
  })
})
