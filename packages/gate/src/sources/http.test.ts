import { afterEach, describe, expect, it } from 'vitest'
import { getJson, parseRetryAfterMs, retryDelayMs } from './http.ts'
import type { TestReply, TestServer } from './test-server.ts'
import { closedPortUrl, rejectionOf, startTestServer } from './test-server.ts'

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

function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = []
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms)
    },
  }
}

describe('getJson', () => {
  it('retries a 503 with exponential backoff, then returns the JSON', async () => {
    const { url, requests } = await serve([
      { status: 503, body: 'overloaded' },
      { status: 503 },
      { body: { ok: 1 } },
    ])
    const { waits, sleep } = recordingSleep()
    const response = await getJson(new URL(`${url}/api/v3/services`), {
      sleep,
      random: () => 0,
      retryBaseMs: 200,
    })
    expect(response).toMatchObject({ status: 200, body: { ok: 1 } })
    expect(requests).toHaveLength(3)
    expect(waits).toEqual([100, 200])
  })

  it('waits what Retry-After asks on a 429', async () => {
    const { url } = await serve([{ status: 429, headers: { 'retry-after': '2' } }, { body: [] }])
    const { waits, sleep } = recordingSleep()
    await getJson(new URL(url), { sleep, random: () => 0 })
    expect(waits).toEqual([2_000])
  })

  it('rejects a 401 at once with the status and the start of the plain-text body', async () => {
    const { url, requests } = await serve([{ status: 401, body: `unauthorized ${'x'.repeat(300)}` }])
    const { waits, sleep } = recordingSleep()
    const err = await rejectionOf(
      getJson(new URL(`${url}/api/search?q=x`), { sleep, headers: { authorization: 'Bearer s3cret-token' } }),
    )
    expect(err.code).toBe('BACKEND_REJECTED')
    expect(err.message).toContain(`GET ${url}/api/search was rejected with HTTP 401: "unauthorized xxx`)
    expect(err.message).toContain('check the credentials')
    expect(err.message).not.toContain('x'.repeat(201))
    expect(err.message).not.toContain('s3cret-token')
    expect(requests).toHaveLength(1)
    expect(waits).toEqual([])
  })

  it('gives up on a closed port after the retries, naming the URL without credentials', async () => {
    const url = new URL(await closedPortUrl())
    const { waits, sleep } = recordingSleep()
    const err = await rejectionOf(
      getJson(new URL('/api/v3/traces', url), {
        retries: 2,
        sleep,
        headers: { authorization: 'Basic c2VjcmV0' },
      }),
    )
    expect(err.code).toBe('BACKEND_UNREACHABLE')
    expect(err.message).toContain(`GET ${url.origin}/api/v3/traces failed after 3 attempts`)
    expect(err.message).toContain('ECONNREFUSED')
    expect(err.message).not.toContain('c2VjcmV0')
    expect(waits).toHaveLength(2)
  })

  it('waits between attempts with the real timer when no sleep is injected', async () => {
    const url = new URL(await closedPortUrl())
    const err = await rejectionOf(getJson(url, { retries: 2, retryBaseMs: 1 }))
    expect(err.code).toBe('BACKEND_UNREACHABLE')
    expect(err.message).toContain('failed after 3 attempts')
  })

  it('times out an attempt that never answers, and retries it', async () => {
    const { url, requests } = await serve([{ hang: true }])
    const { sleep } = recordingSleep()
    const err = await rejectionOf(getJson(new URL(url), { timeoutMs: 50, retries: 1, sleep }))
    expect(err.code).toBe('BACKEND_UNREACHABLE')
    expect(err.message).toContain('no answer within 50 ms')
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

  it('stops when the caller aborts, with the abort reason', async () => {
    const { url } = await serve([{ status: 503 }])
    const controller = new AbortController()
    const reason = new Error('cancelled by the user')
    const sleep = async (): Promise<void> => controller.abort(reason)
    await expect(getJson(new URL(url), { sleep, signal: controller.signal })).rejects.toBe(reason)
  })
})

describe('retryDelayMs', () => {
  it('doubles per attempt, jitters half of it, honours Retry-After and caps', () => {
    expect(retryDelayMs(0, undefined, { retryBaseMs: 100, random: () => 0 })).toBe(50)
    expect(retryDelayMs(2, undefined, { retryBaseMs: 100, random: () => 0.999 })).toBeCloseTo(399.8)
    expect(retryDelayMs(0, 5_000, { retryBaseMs: 100, random: () => 0 })).toBe(5_000)
    expect(retryDelayMs(10, 90_000, { maxRetryDelayMs: 30_000, random: () => 0 })).toBe(30_000)
  })
})

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    const nowMs = Date.parse('2026-08-01T00:00:00Z')
    expect(parseRetryAfterMs('3', nowMs)).toBe(3_000)
    expect(parseRetryAfterMs('Sat, 01 Aug 2026 00:00:10 GMT', nowMs)).toBe(10_000)
    expect(parseRetryAfterMs('Fri, 31 Jul 2026 00:00:00 GMT', nowMs)).toBe(0)
    expect(parseRetryAfterMs(null, nowMs)).toBeUndefined()
    expect(parseRetryAfterMs('soon', nowMs)).toBeUndefined()
  })
})
