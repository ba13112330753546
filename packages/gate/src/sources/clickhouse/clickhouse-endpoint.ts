import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { GateError } from '../../errors.ts'
import { parseCredentialedUrl } from '../credentialed-url.ts'
import { maskUrlCredentials } from '../secret-redactor.ts'
import type { ColumnMapping } from './column-mapping.ts'
import { OTEL_TRACES_MAPPING, parseColumnMapping } from './column-mapping.ts'
import { sqlIdentifier } from './sql-text.ts'

/** Where a `clickhouse:` source reads: the server, the credentials, the table and how its columns map. */
export interface ClickHouseEndpoint {
  /** `http(s)://host:port` (and a base path, behind a proxy), without credentials. */
  readonly url: string
  readonly username: string
  readonly password: string
  readonly database: string
  readonly table: string
  /** `` `database`.`table` ``. */
  readonly qualifiedTable: string
  readonly mapping: ColumnMapping
  /** The column mapping file as `columns=` names it; undefined for the default `otel_traces` schema. */
  readonly mappingFile: string | undefined
  /** The spec without credentials, for reports and messages. */
  readonly description: string
}

/** The table the Collector's `clickhouseexporter` writes spans to by default. */
const DEFAULT_TABLE = 'otel_traces'

const FORM =
  'clickhouse:http(s)://[user@]host:8123[/database]?table=otel_traces[&columns=mapping.yaml] (password in LLM_CANARY_TRACE_TOKEN)'

/**
 * Parses what follows `clickhouse:` in a `--source`: `http(s)://[user[:password]@]host:port[/database]`
 * with `table=` (default `otel_traces`, or `database.table`), `database=` and `columns=` (a column mapping
 * file, relative to `cwd`) as query parameters. The password is `token` (LLM_CANARY_TRACE_TOKEN) when given,
 * else the URL's; the user defaults to `default` and the database to `default`.
 *
 * @param rawUrl - The URL after `clickhouse:`.
 * @param options - The token, and the folder relative mapping paths start from.
 * @returns The endpoint.
 * @throws GateError `SOURCE_INVALID` for a URL that is not http(s), an unknown parameter, a table name
 *   that is not plain, or a mapping file that cannot be read or used.
 * @example
 * parseClickHouseEndpoint('https://reader@ch.example.com:8443/otel?table=otel_traces', { token: 's3cret' })
 */
export function parseClickHouseEndpoint(
  rawUrl: string,
  options: { readonly token?: string | undefined; readonly cwd?: string | undefined } = {},
): ClickHouseEndpoint {
  const {
    url,
    user,
    password: urlPassword,
  } = parseCredentialedUrl(rawUrl, (reason) => invalid(rawUrl, reason))
  const username = user ?? 'default'
  const password = options.token !== undefined && options.token !== '' ? options.token : urlPassword
  const params = url.searchParams
  for (const name of params.keys()) {
    if (!['table', 'database', 'columns'].includes(name)) {
      throw invalid(rawUrl, `the parameter ${name}= is not known (use table=, database=, columns=)`)
    }
  }
  const segments = url.pathname.split('/').filter((segment) => segment !== '')
  const pathDatabase =
    segments.length > 0 ? decodeURIComponent(segments[segments.length - 1] ?? '') : undefined
  const basePath = segments.length > 1 ? `/${segments.slice(0, -1).join('/')}` : ''
  const tableParam = params.get('table') ?? DEFAULT_TABLE
  const dot = tableParam.indexOf('.')
  const table = dot < 0 ? tableParam : tableParam.slice(dot + 1)
  const database =
    (dot < 0 ? undefined : tableParam.slice(0, dot)) ?? params.get('database') ?? pathDatabase ?? 'default'
  for (const [what, name] of [
    ['table', table],
    ['database', database],
  ] as const) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw invalid(rawUrl, `the ${what} ${JSON.stringify(name)} is not a plain name (letters, digits, _)`)
    }
  }
  const mappingFile = params.get('columns')
  const mapping = mappingFile === null ? OTEL_TRACES_MAPPING : readMapping(mappingFile, options.cwd)
  const origin = `${url.protocol}//${url.host}${basePath}`
  return {
    url: origin,
    username,
    password,
    database,
    table,
    qualifiedTable: `${sqlIdentifier(database)}.${sqlIdentifier(table)}`,
    mapping,
    mappingFile: mappingFile ?? undefined,
    description: `clickhouse:${origin}/${database}?table=${table}${mappingFile === null ? '' : `&columns=${mappingFile}`}`,
  }
}

function readMapping(file: string, cwd: string | undefined): ColumnMapping {
  const path = resolve(cwd ?? process.cwd(), file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new GateError(
      'SOURCE_INVALID',
      `the ClickHouse column mapping ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check columns= in --source`,
    )
  }
  return parseColumnMapping(text, file)
}

function invalid(rawUrl: string, reason: string): GateError {
  return new GateError(
    'SOURCE_INVALID',
    `clickhouse:${maskUrlCredentials(rawUrl)} cannot be used: ${reason}; write ${FORM}`,
  )
}
