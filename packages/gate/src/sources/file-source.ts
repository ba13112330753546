import { resolve } from 'node:path'
import type { SpanQuery, SpanRecord, TraceSource } from '../types.ts'
import { listTraceFiles } from './list-trace-files.ts'
import { readTraceFile } from './read-trace-file.ts'
import { rebatchSpans } from './rebatch-spans.ts'
import type { ResolvedSourceOptions } from './source-options.ts'
import type { QueryWindow } from './span-filter.ts'
import { matchesQuery, resolveWindow } from './span-filter.ts'

/**
 * A trace source over OTLP JSON files: one file (JSON Lines or one JSON document, gzipped or not)
 * or a folder of them. Files are streamed; spans are filtered on the query (start in
 * `[since, until)`; `feature_flag.key` equal to the experiment or absent, see `matchesQuery`) and
 * yielded in batches of `batchSize`. `query.serviceName` is not applied: files hold what the
 * application exported.
 *
 * @param path - the file or folder, relative to `options.cwd` (default the working directory).
 * @param options - resolved source options (`batchSize`, `onWarning`, `cwd`).
 * @returns the source; nothing is read until `spans()` is iterated.
 * @example
 * const source = createFileSource('traces/', resolveSourceOptions({ onWarning: console.warn }))
 */
export function createFileSource(path: string, options: ResolvedSourceOptions): TraceSource {
  const fullPath = resolve(options.cwd ?? process.cwd(), path)
  return {
    description: `file:${path}`,
    spans: (query, spanOptions) =>
      rebatchSpans(
        readFiles(fullPath, query, { ...options, signal: spanOptions?.signal }),
        options.batchSize,
      ),
  }
}

async function* readFiles(
  path: string,
  query: SpanQuery,
  options: ResolvedSourceOptions & { readonly signal: AbortSignal | undefined },
): AsyncGenerator<SpanRecord[]> {
  const window: QueryWindow = resolveWindow(query, Date.now())
  const files = await listTraceFiles(path)
  if (files.length === 0) {
    options.onWarning(`${path} holds no *.jsonl, *.json, *.jsonl.gz or *.json.gz file: no spans read`)
  }
  const readOptions = {
    onWarning: options.onWarning,
    maxBodyBytes: options.maxBodyBytes,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  }
  for (const file of files) {
    for await (const spans of readTraceFile(file, readOptions)) {
      yield spans.filter((span) => matchesQuery(span, window))
    }
  }
}
