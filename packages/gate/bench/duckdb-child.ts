/**
 * Child process of the benchmark: the same aggregation in DuckDB, for comparison. `read_json` over the
 * OTLP/JSON-lines file, unnest resourceSpans → scopeSpans → spans, keep the experiment's spans, one
 * latency value per session (mean run duration when the session has workflow spans, else mean LLM call
 * latency), then `quantile_cont` P50/P95/P99, sessions and the error rate per arm. Prints one JSON line.
 * Usage: node bench-bundle/duckdb-child.mjs FILE EXPERIMENT_ID
 */

import { argv, resourceUsage, stdout } from 'node:process'
import { DuckDBInstance } from '@duckdb/node-api'

const [file, experimentId] = [argv[2], argv[3]]
if (file === undefined || experimentId === undefined)
  throw new Error('usage: duckdb-child.ts FILE EXPERIMENT_ID')

const KEY_VALUE =
  'STRUCT(key VARCHAR, value STRUCT(stringValue VARCHAR, intValue VARCHAR, doubleValue DOUBLE, boolValue BOOLEAN))'
const SPAN = `STRUCT(spanId VARCHAR, name VARCHAR, startTimeUnixNano VARCHAR, endTimeUnixNano VARCHAR, attributes ${KEY_VALUE}[], status STRUCT(code INTEGER))`
const COLUMNS = `{resourceSpans: 'STRUCT(scopeSpans STRUCT(spans ${SPAN}[])[])[]'}`
const attr = (key: string): string => `list_filter(s.attributes, a -> a.key = '${key}')[1].value`

const sql = `
WITH spans AS (
  SELECT unnest(ss.spans) AS s FROM (
    SELECT unnest(rs.scopeSpans) AS ss FROM (
      SELECT unnest(resourceSpans) AS rs
      FROM read_json('${file.replaceAll("'", "''")}', format = 'newline_delimited', columns = ${COLUMNS},
                     maximum_object_size = 1073741824)))),
typed AS (
  SELECT ${attr('feature_flag.key')}.stringValue AS experiment,
         ${attr('feature_flag.result.variant')}.stringValue AS arm,
         ${attr('gen_ai.conversation.id')}.stringValue AS session,
         ${attr('gen_ai.operation.name')}.stringValue AS operation,
         coalesce(${attr('llm_canary.shadow')}.boolValue, false) AS shadow,
         (CAST(s.endTimeUnixNano AS HUGEINT) - CAST(s.startTimeUnixNano AS HUGEINT)) / 1e6 AS duration_ms,
         s.status.code = 2 AS failed
  FROM spans),
per_session AS (
  SELECT arm, session,
         coalesce(avg(duration_ms) FILTER (WHERE operation = 'invoke_workflow'),
                  avg(duration_ms) FILTER (WHERE operation = 'chat')) AS latency_ms,
         count(*) FILTER (WHERE operation = 'chat') AS calls,
         count(*) FILTER (WHERE operation = 'chat' AND failed) AS errors
  FROM typed
  WHERE experiment = '${experimentId.replaceAll("'", "''")}' AND NOT shadow
  GROUP BY arm, session)
SELECT arm, count(*) AS sessions,
       quantile_cont(latency_ms, 0.5) AS p50, quantile_cont(latency_ms, 0.95) AS p95,
       quantile_cont(latency_ms, 0.99) AS p99, sum(errors) / sum(calls) AS error_rate
FROM per_session GROUP BY arm ORDER BY arm`

const startedMs = performance.now()
const instance = await DuckDBInstance.create(':memory:')
const connection = await instance.connect()
const reader = await connection.runAndReadAll(sql)
const rows = reader.getRowObjectsJson()
const seconds = (performance.now() - startedMs) / 1000
stdout.write(
  `${JSON.stringify({ seconds, cpuSeconds: (resourceUsage().userCPUTime + resourceUsage().systemCPUTime) / 1e6, maxRssKb: resourceUsage().maxRSS, rows })}\n`,
)
