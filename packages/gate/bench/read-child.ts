/**
 * Child process of the benchmark: reads the trace file through the file source and does nothing else, so
 * the cost of reading and decoding is known apart from the analysis. Prints one JSON line.
 * Usage: node bench-bundle/read-child.mjs FILE
 */
import { argv, resourceUsage, stdout } from 'node:process'
import { openTraceSource } from '../src/sources/open-source.ts'
import { BENCH_EXPERIMENT, BENCH_START_MS } from './bench-experiment.ts'

const file = argv[2]
if (file === undefined) throw new Error('usage: read-child.ts FILE')
const startedMs = performance.now()
let spansRead = 0
const query = {
  experiment: BENCH_EXPERIMENT.id,
  since: new Date(BENCH_START_MS),
  until: new Date(BENCH_START_MS + 365 * 86_400_000),
}
for await (const batch of openTraceSource(`file:${file}`).spans(query)) spansRead += batch.length
const usage = resourceUsage()
stdout.write(
  `${JSON.stringify({
    seconds: (performance.now() - startedMs) / 1000,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    maxRssKb: usage.maxRSS,
    spansRead,
  })}\n`,
)
