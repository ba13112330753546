import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createGunzip, gzipSync } from 'node:zlib'
import type { ChdbEngine } from './chdb-engine.ts'

/** Who may query, and how the endpoint listens. */
export interface ClickHouseHttpOptions {
  readonly engine: ChdbEngine
  /** The one user (default `default`). */
  readonly user?: string
  /** Its password (default empty). */
  readonly password?: string
  /** Port on 127.0.0.1 (default 0: any free port). */
  readonly port?: number
}

/** What the endpoint served so far. */
export interface ClickHouseHttpStats {
  readonly queries: number
  /** Bytes of response bodies written to sockets (compressed when the client asked for it). */
  readonly responseBytes: number
  /** Bytes of request bodies received. */
  readonly requestBytes: number
}

/** A running endpoint. */
export interface ClickHouseHttpServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string
  readonly port: number
  stats(): ClickHouseHttpStats
  close(): Promise<void>
}

/** URL parameters the HTTP interface reads itself; every other one is a setting. */
const NOT_SETTINGS = new Set([
  'query',
  'database',
  'default_format',
  'query_id',
  'session_id',
  'session_timeout',
  'session_check',
  'user',
  'password',
  'quota_key',
  'role',
  'compress',
  'decompress',
  'buffer_size',
  'wait_end_of_query',
  'stacktrace',
  'enable_http_compression',
])

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  JSONEachRow: 'application/x-ndjson; charset=UTF-8',
  JSONCompactEachRow: 'application/x-ndjson; charset=UTF-8',
  JSON: 'application/json; charset=UTF-8',
  JSONCompact: 'application/json; charset=UTF-8',
}

/**
 * Serves an in-process ClickHouse (chDB) over ClickHouse's HTTP interface on 127.0.0.1, as much of it as
 * `@clickhouse/client` uses: `GET /ping`; the query in the POST body and/or the `query` URL parameter;
 * `database`, `default_format` and `query_id`; query parameters (`param_<name>`, bound by the engine
 * itself); every other URL parameter as a setting for that query only; basic auth, `X-ClickHouse-User` /
 * `X-ClickHouse-Key` or `user` / `password` parameters (a wrong password gets ClickHouse's own 516
 * `AUTHENTICATION_FAILED`, HTTP 403); gzip bodies both ways (`enable_http_compression=1` with
 * `Accept-Encoding: gzip`); the `X-ClickHouse-Query-Id`, `-Format`, `-Timezone`, `-Summary` and
 * `-Exception-Code` headers; errors as ClickHouse's text with its HTTP status (404 for an unknown table
 * or column, 400 for a syntax error, 500 otherwise). Queries run one at a time, in arrival order.
 *
 * @param options - The engine, the user and password, the port.
 * @returns The running endpoint.
 */
export async function startClickHouseHttpServer(
  options: ClickHouseHttpOptions,
): Promise<ClickHouseHttpServer> {
  const { engine } = options
  const user = options.user ?? 'default'
  const password = options.password ?? ''
  let queue: Promise<unknown> = Promise.resolve()
  let queries = 0
  let responseBytes = 0
  let requestBytes = 0
  const server = createServer({ maxHeaderSize: 1024 * 1024 }, (request, response) => {
    const done = handle(request, response).catch((err: unknown) => {
      if (!response.headersSent) response.writeHead(500)
      response.end(`Code: 1001. DB::Exception: ${(err as Error).message}. (STD_EXCEPTION)\n`)
    })
    void done
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const params = url.searchParams
    const body = await readBody(request)
    requestBytes += body.length
    const text = [params.get('query') ?? '', body.toString('utf8')].filter((part) => part !== '').join('\n')
    if (url.pathname === '/ping' || (text.trim() === '' && request.method === 'GET')) {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' }).end('Ok.\n')
      return
    }
    const queryId = params.get('query_id') ?? randomUUID()
    const headers: Record<string, string> = {
      'X-ClickHouse-Query-Id': queryId,
      'X-ClickHouse-Timezone': 'UTC',
      'X-ClickHouse-Server-Display-Name': 'chdb',
    }
    const credentials = readCredentials(request, params)
    if (credentials.user !== user || credentials.password !== password) {
      send(
        response,
        403,
        { ...headers, 'X-ClickHouse-Exception-Code': '516' },
        exceptionText(
          516,
          `${credentials.user}: Authentication failed: password is incorrect, or there is no user with such name`,
          'AUTHENTICATION_FAILED',
        ),
      )
      return
    }
    const format = params.get('default_format') ?? 'TabSeparated'
    const { statements, settings } = prepareStatements(params, text)
    const run = queue.then(async () => {
      try {
        return await engine.query(statements.join(';\n'), format)
      } finally {
        // Settings last one request, as over HTTP.
        if (settings.length > 0)
          await engine.query(settings.map((name) => `SET ${name} = DEFAULT`).join(';\n'))
      }
    })
    queue = run.catch(() => undefined)
    queries += 1
    try {
      const result = await run
      const outputFormat = /\bFORMAT\s+(\w+)\s*;?\s*$/i.exec(text)?.[1] ?? format
      const summary = {
        read_rows: String(result.rowsRead),
        read_bytes: String(result.bytesRead),
        written_rows: '0',
        written_bytes: '0',
        total_rows_to_read: String(result.rowsRead),
        result_rows: '0',
        result_bytes: String(result.body.length),
        elapsed_ns: String(Math.round(result.elapsedSeconds * 1e9)),
      }
      const compress =
        params.get('enable_http_compression') === '1' &&
        /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')
      const payload = compress ? gzipSync(result.body) : Buffer.from(result.body)
      send(
        response,
        200,
        {
          ...headers,
          'X-ClickHouse-Format': outputFormat,
          'X-ClickHouse-Summary': JSON.stringify(summary),
          'Content-Type': CONTENT_TYPES[outputFormat] ?? 'text/plain; charset=UTF-8',
          ...(compress ? { 'Content-Encoding': 'gzip' } : {}),
        },
        payload,
      )
    } catch (err) {
      const message = (err as Error).message.replace(/^Query failed: /, '')
      const code = Number(/Code: (\d+)\./.exec(message)?.[1] ?? 1001)
      send(
        response,
        httpStatusOf(code),
        { ...headers, 'X-ClickHouse-Exception-Code': String(code) },
        `${message}\n`,
      )
    }
  }

  function send(
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: Buffer | string,
  ): void {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body
    responseBytes += bytes.length
    response.writeHead(status, { ...headers, 'Content-Length': String(bytes.length) }).end(bytes)
  }

  server.listen(options.port ?? 0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats: () => ({ queries, responseBytes, requestBytes }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err === undefined ? resolve() : reject(err)))
      }),
  }
}

/**
 * The statements run for one request: `USE` the database, `SET` each setting and query parameter (the
 * engine binds `{name:Type}` from `param_name` itself, parsing the escaped value as ClickHouse's server
 * does), then the query. The settings are named so they can be reset after it.
 */
function prepareStatements(
  params: URLSearchParams,
  query: string,
): { statements: string[]; settings: string[] } {
  const statements: string[] = []
  const database = params.get('database')
  if (database !== null && database !== '') statements.push(`USE ${quoteIdentifier(database)}`)
  const settings: string[] = []
  for (const [name, value] of params) {
    if (name.startsWith('param_')) statements.push(`SET ${quoteIdentifier(name)} = ${quoteString(value)}`)
    else if (!NOT_SETTINGS.has(name) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      statements.push(`SET ${name} = ${quoteString(value)}`)
      settings.push(name)
    }
  }
  statements.push(query.replace(/;\s*$/, ''))
  return { statements, settings }
}

function readCredentials(
  request: IncomingMessage,
  params: URLSearchParams,
): { user: string; password: string } {
  const authorization = request.headers.authorization
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    return colon < 0
      ? { user: decoded, password: '' }
      : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
  }
  const header = (name: string): string | undefined => {
    const value = request.headers[name]
    return Array.isArray(value) ? value[0] : value
  }
  return {
    user: header('x-clickhouse-user') ?? params.get('user') ?? 'default',
    password: header('x-clickhouse-key') ?? params.get('password') ?? '',
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const gzipped = request.headers['content-encoding'] === 'gzip'
  const stream = gzipped ? request.pipe(createGunzip()) : request
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** ClickHouse's error text: `Code: N. DB::Exception: message. (TYPE) (version ...)`. */
function exceptionText(code: number, message: string, type: string): string {
  return `Code: ${code}. DB::Exception: ${message}. (${type}) (version 26.7.2.1 (chdb))\n`
}

/** The HTTP status ClickHouse gives an exception code (its `exceptionCodeToHTTPStatus`, the codes met here). */
function httpStatusOf(code: number): number {
  if (code === 194) return 401
  if ([192, 193, 516, 497].includes(code)) return 403
  if ([36, 62, 6, 27, 53, 386].includes(code)) return 400
  if ([60, 46, 47, 50, 81, 115, 73].includes(code)) return 404
  if (code === 159) return 408
  return 500
}

function quoteString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
}

function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``
}
