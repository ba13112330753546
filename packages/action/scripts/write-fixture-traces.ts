/**
 * Writes the action's fixture traces, `test/fixtures/traces-healthy.jsonl.gz` (a candidate like control:
 * PASS) and `traces-regressed.jsonl.gz` (its P95 latency ×1.6: FAIL), for `test/fixtures/experiment.yaml`:
 * 2,000 sessions from 2026-01-05T00:00Z, one a minute, seeded, from the gate's own synthetic-trace
 * generator. A development tool (`pnpm --filter @llm-canary/action fixtures`), never bundled.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { parseExperimentText } from '@llm-canary/gate'
import { encodeOtlpJsonLine } from '../../gate/src/analysis/otlp-json-lines.ts'
import type { SyntheticRegression } from '../../gate/src/analysis/synthetic-profiles.fixture.ts'
import { generateSyntheticSpans } from '../../gate/src/analysis/synthetic-traces.fixture.ts'

/** Start of the fixture data. */
export const FIXTURE_START = '2026-01-05T00:00:00.000Z'

const folder = new URL('../test/fixtures/', import.meta.url)
const path = new URL('experiment.yaml', folder).pathname
const { experiment } = parseExperimentText(readFileSync(path, 'utf8'), path)

function write(name: string, regression?: SyntheticRegression): void {
  const spans = generateSyntheticSpans({
    experiment,
    sessions: 2000,
    seed: 7,
    startMs: Date.parse(FIXTURE_START),
    sessionIntervalMs: 60_000,
    accuracyShare: 0,
    judgeShare: 0,
    profile: { latencySigma: 0.2, errorRate: 0.01 },
    ...(regression === undefined ? {} : { regression }),
  })
  const lines: string[] = []
  for (let i = 0; i < spans.length; i += 500) lines.push(encodeOtlpJsonLine(spans.slice(i, i + 500)))
  const file = new URL(name, folder).pathname
  // mtime 0 in the gzip header: the same spans give the same bytes.
  writeFileSync(file, gzipSync(`${lines.join('\n')}\n`, { level: 9 }))
  console.log(`wrote ${file}: ${spans.length} spans`)
}

write('traces-healthy.jsonl.gz')
write('traces-regressed.jsonl.gz', { arm: 'candidate', latencyFactor: 1.6 })
