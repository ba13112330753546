import { GateError } from '../../errors.ts'
import type { ClickHouseEndpoint } from './clickhouse-endpoint.ts'
import { OTEL_TRACES_MAPPING } from './column-mapping.ts'

/** ClickHouse error codes the gate tells apart (ErrorCodes.cpp). */
const CODES = {
  credentials: new Set(['192', '193', '194', '516']),
  accessDenied: new Set(['497']),
  noTable: new Set(['60', '81']),
  noColumn: new Set(['16', '47']),
  badQuery: new Set(['6', '27', '36', '43', '46', '53', '62', '70', '386']),
  overloaded: new Set(['159', '160', '202', '209', '210', '241', '279']),
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
])

/**
 * Whether a failed attempt may succeed when tried again: the server was not reached, dropped the
 * connection or timed out.
 *
 * @param err - What the client threw.
 * @returns True for a network failure.
 */
export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true
  return err instanceof Error && /timeout|socket hang up/i.test(err.message) && !isServerError(err)
}

function isServerError(err: unknown): err is Error & { code: string; type: string } {
  return (
    err instanceof Error &&
    typeof (err as { code?: unknown }).code === 'string' &&
    typeof (err as { type?: unknown }).type === 'string'
  )
}

/**
 * Turns what `@clickhouse/client` threw into the gate's error: a configuration the server refuses (the
 * credentials, the grants, a missing table or column, a column mapping it cannot run) is `SOURCE_INVALID`
 * (exit 2, with what to fix); a server that cannot be reached or gives up is `BACKEND_UNREACHABLE`, any other
 * refusal `BACKEND_REJECTED` (exit 4: no verdict). Messages quote ClickHouse, never the password.
 *
 * @param err - The error.
 * @param endpoint - Where the query went.
 * @param what - Which query (`the summary`), for the message.
 * @returns The error to throw.
 */
export function describeClickHouseError(err: unknown, endpoint: ClickHouseEndpoint, what: string): GateError {
  const where = `ClickHouse at ${endpoint.url}`
  const table = `${endpoint.database}.${endpoint.table}`
  if (isServerError(err)) {
    const message = `${shortServerMessage(err.message)} (${err.type}, code ${err.code})`
    if (CODES.credentials.has(err.code)) {
      return new GateError(
        'SOURCE_INVALID',
        `${where} refused user "${endpoint.username}": ${message}; give the password in LLM_CANARY_TRACE_TOKEN (or the --source URL) and check the user name`,
        { cause: err },
      )
    }
    if (CODES.accessDenied.has(err.code)) {
      return new GateError(
        'SOURCE_INVALID',
        `${where} does not let user "${endpoint.username}" read ${table}: ${message}; grant it SELECT on ${table}`,
        { cause: err },
      )
    }
    if (CODES.noTable.has(err.code)) {
      return new GateError(
        'SOURCE_INVALID',
        `${where} has no table ${table}: ${message}; check the database and table= in --source (the Collector's exporter writes otel.otel_traces by default)`,
        { cause: err },
      )
    }
    if (CODES.noColumn.has(err.code)) {
      return new GateError(
        'SOURCE_INVALID',
        endpoint.mappingFile === undefined
          ? `${table} lacks a column the gate reads: ${message}; the gate reads the Collector clickhouseexporter's otel_traces schema, map another one with columns=FILE (docs/clickhouse.md)`
          : `${table} lacks a column the column mapping ${endpoint.mappingFile} reads: ${message}; fix that expression in the mapping, or point table= at the table it is for (docs/clickhouse.md)`,
        { cause: err },
      )
    }
    if (CODES.badQuery.has(err.code) && endpoint.mapping !== OTEL_TRACES_MAPPING) {
      return new GateError(
        'SOURCE_INVALID',
        `${where} cannot run the ${what} query with the column mapping of --source: ${message}; check the expressions of columns= (docs/clickhouse.md)`,
        { cause: err },
      )
    }
    if (CODES.overloaded.has(err.code)) {
      return new GateError(
        'BACKEND_UNREACHABLE',
        `${where} gave up on the ${what} query: ${message}; retry later, narrow the window with --since, or raise the server's limits`,
        { cause: err },
      )
    }
    return new GateError(
      'BACKEND_REJECTED',
      `${where} refused the ${what} query: ${message} (the gate needs ClickHouse 24.3 or later)`,
      { cause: err },
    )
  }
  if (err instanceof SyntaxError) {
    return new GateError(
      'BACKEND_RESPONSE_INVALID',
      `${where} answered the ${what} query with something that is not JSON rows: ${err.message}; is the URL a ClickHouse HTTP port (8123, or 8443 with TLS)?`,
      { cause: err },
    )
  }
  const detail = err instanceof Error ? err.message : String(err)
  return new GateError(
    'BACKEND_UNREACHABLE',
    `${where} could not be reached for the ${what} query: ${detail}; check that the server is running and the URL and port are right (8123 for HTTP, 8443 for HTTPS)`,
    { cause: err },
  )
}

/** Longest server message quoted in an error; ClickHouse appends the whole query scope to some. */
const MAX_SERVER_MESSAGE = 400

/**
 * A server message as the user needs it: without the query scope ClickHouse appends to an unknown
 * identifier (`In scope SELECT ...`, the whole generated query), and cut to a readable length.
 */
function shortServerMessage(message: string): string {
  const text = message.trim()
  const scope = text.indexOf(' In scope ')
  const kept = scope < 0 ? text : text.slice(0, scope)
  return kept.length <= MAX_SERVER_MESSAGE ? kept : `${kept.slice(0, MAX_SERVER_MESSAGE)}…`
}
