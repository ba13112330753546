import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { repoRoot } from './cli.ts'

/** Reads a recorded backend response from packages/gate/test/fixtures (byte for byte). */
export function readFixture(path: string): string {
  return readFileSync(join(repoRoot, 'packages/gate/test/fixtures', path), 'utf8')
}

/** A route: answers a request whose path matches, with a status and a body. */
export interface FixtureRoute {
  readonly path: RegExp
  readonly status?: number
  readonly body: string
}

/** A real HTTP server on 127.0.0.1 answering from recorded fixtures; it logs the requests it saw. */
export interface FixtureServer {
  readonly url: string
  readonly requests: string[]
  close(): Promise<void>
}

/**
 * Starts a loopback HTTP server that plays Jaeger or Tempo from recorded responses; unknown paths get
 * the backends' plain-text 404.
 */
export async function startFixtureServer(routes: readonly FixtureRoute[]): Promise<FixtureServer> {
  const requests: string[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push(`${req.method} ${url.pathname}${url.search}`)
    const route = routes.find((r) => r.path.test(url.pathname))
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n')
      return
    }
    res.writeHead(route.status ?? 200, { 'content-type': 'application/json' }).end(route.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
