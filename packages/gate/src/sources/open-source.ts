import { fileURLToPath } from 'node:url'
import { GateError } from '../errors.ts'
import type { TraceSource } from '../types.ts'
import { createClickHouseSource } from './clickhouse/clickhouse-source.ts'
import { createFileSource } from './file-source.ts'
import { createJaegerSource } from './jaeger-source.ts'
import { maskUrlCredentials } from './secret-redactor.ts'
import type { TraceSourceOptions } from './source-options.ts'
import { resolveSourceOptions } from './source-options.ts'
import { createTempoSource } from './tempo-source.ts'

const ACCEPTED_FORMS =
  'file:PATH (an OTLP .jsonl/.json file, gzipped or not, or a folder of them), ' +
  'jaeger:http(s)://host:16686[/base-path], tempo:http(s)://host:3200[/base-path], ' +
  'clickhouse:http(s)://[user@]host:8123[/database]?table=otel_traces, or a bare path'

/**
 * Opens a trace source from its spec: `file:PATH` (relative to the working directory, or a
 * `file://` URL), `jaeger:http(s)://...`, `tempo:http(s)://...`, `clickhouse:http(s)://...` (the
 * aggregation runs in ClickHouse: docs/clickhouse.md), or a bare path (a file or folder).
 * Nothing is read or fetched until `spans()` (or the ClickHouse source's `summarize()`) is called.
 *
 * @param spec - the `--source` value.
 * @param options - headers and tenant (secrets: the CLI reads them from the environment), HTTP and
 *   slicing settings, and where warnings go.
 * @returns the source; its `description` is the spec without credentials.
 * @throws GateError `SOURCE_INVALID` for an empty spec, an unknown scheme, a backend URL that is not
 *   http(s), or an option out of range.
 * @example
 * const source = openTraceSource('jaeger:http://127.0.0.1:16686', { onWarning: (m) => console.error(m) })
 * for await (const batch of source.spans({ experiment: 'support-triage-2026-05', since })) consume(batch)
 */
export function openTraceSource(spec: string, options: TraceSourceOptions = {}): TraceSource {
  const resolved = resolveSourceOptions(options)
  const parsed = parseSourceSpec(spec)
  switch (parsed.kind) {
    case 'file':
      return createFileSource(parsed.target, resolved)
    case 'jaeger':
      return createJaegerSource(parsed.target, resolved)
    case 'tempo':
      return createTempoSource(parsed.target, resolved)
    case 'clickhouse':
      return createClickHouseSource(parsed.target, resolved)
  }
}

/** A `--source` spec, parsed: which kind of source, and its path or URL. */
export interface SourceSpec {
  readonly kind: 'file' | 'jaeger' | 'tempo' | 'clickhouse'
  /** The file or folder path (as written, relative to the working directory) or the backend URL. */
  readonly target: string
}

/**
 * Parses a `--source` spec without opening anything (see `openTraceSource` for the forms).
 *
 * @param spec - the `--source` value.
 * @returns its kind and path or URL.
 * @throws GateError `SOURCE_INVALID` for an empty spec, an unknown scheme or a bare http(s) URL.
 */
export function parseSourceSpec(spec: string): SourceSpec {
  const trimmed = spec.trim()
  if (trimmed === '') throw invalidSpec(spec, 'it is empty')
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(trimmed)?.[1]
  // A one-letter scheme is a Windows drive (C:\traces), so a path.
  if (scheme === undefined || scheme.length === 1) return { kind: 'file', target: trimmed }
  const rest = trimmed.slice(scheme.length + 1)
  switch (scheme.toLowerCase()) {
    case 'file':
      if (rest === '' || rest === '//') throw invalidSpec(spec, 'the path is missing')
      return { kind: 'file', target: rest.startsWith('//') ? filePathOf(trimmed) : rest }
    case 'jaeger':
      return { kind: 'jaeger', target: rest }
    case 'tempo':
      return { kind: 'tempo', target: rest }
    case 'clickhouse':
      return { kind: 'clickhouse', target: rest }
    case 'http':
    case 'https':
      throw invalidSpec(
        spec,
        'a bare URL does not say which backend it is; prefix it with jaeger: or tempo:, or with clickhouse: for a ClickHouse server',
      )
    default:
      throw invalidSpec(spec, `the scheme ${scheme}: is not supported`)
  }
}

function filePathOf(fileUrl: string): string {
  try {
    return fileURLToPath(fileUrl)
  } catch (err) {
    throw invalidSpec(fileUrl, `it is not a local file URL (${(err as Error).message})`)
  }
}

function invalidSpec(spec: string, reason: string): GateError {
  const shown = maskUrlCredentials(spec)
  return new GateError(
    'SOURCE_INVALID',
    `trace source ${JSON.stringify(shown)} cannot be used: ${reason}; use ${ACCEPTED_FORMS}`,
  )
}
