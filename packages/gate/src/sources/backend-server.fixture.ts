import type { IncomingHttpHeaders, Server } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { GateError } from '../errors.ts'

/** A request the test server received. */
export interface RecordedRequest {
  readonly method: string
  /** The path without the query (`/api/v3/traces`). */
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: IncomingHttpHeaders
}

/** What the test server answers. */
export interface TestReply {
  /** Default 200. */
  readonly status?: number
  /** A string is sent as is (plain text unless `headers` say otherwise); anything else as JSON. */
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
  /** Never answer (for timeouts); the connection is dropped when the server closes. */
  readonly hang?: boolean
}

/** A running test server. */
export interface TestServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[]
  /** Requests being handled right now, and the most there ever were at once. */
  readonly load: { current: number; max: number }
  close(): Promise<void>
}

/**
 * Starts a tiny HTTP server on 127.0.0.1 that answers from a handler, for testing sources over
 * real HTTP. Test helper, not exported by the package.
 *
 * @param handler - builds the reply to each request (may wait).
 * @returns the server; close it after the test.
 * @example
 * const server = await startTestServer((req) => ({ body: readFixtureText('jaeger/apiv3-GetTrace.json') }))
 */
export async function startTestServer(
  handler: (request: RecordedRequest) => TestReply | Promise<TestReply>,
): Promise<TestServer> {
  const requests: RecordedRequest[] = []
  const load = { current: 0, max: 0 }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
    }
    requests.push(request)
    load.current++
    load.max = Math.max(load.max, load.current)
    void Promise.resolve(handler(request)).then((reply) => {
      if (reply.hang === true) return
      load.current--
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {})
      const contentType = typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json'
      res.writeHead(reply.status ?? 200, { 'content-type': contentType, ...reply.headers })
      res.end(text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, requests, load, close: () => closeServer(server) }
}

/**
 * A URL on 127.0.0.1 where nothing listens: a port the system gave out and that was closed again.
 *
 * @returns `http://127.0.0.1:PORT`.
 */
export async function closedPortUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await closeServer(server)
  return `http://127.0.0.1:${port}`
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve, reject) =>
    server.close((err) => (err === undefined ? resolve() : reject(err))),
  )
}

/**
 * The error a promise rejects with (test helper).
 *
 * @param promise - A promise expected to reject.
 * @returns The rejection, typed as the gate's error.
 * @throws Error when the promise resolves.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<GateError> {
  try {
    await promise
  } catch (err) {
    return err as GateError
  }
  throw new Error('expected a failure')
}
