import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Experiment } from '@llm-canary/core'
import { parseExperimentText } from '@llm-canary/gate'
// biome-ignore lint/style/noRestrictedImports: the gate's synthetic-trace generator is a test tool, not public API; the action's fixtures use it the same way (packages/action/scripts/write-fixture-traces.ts).
import { encodeOtlpJsonLine } from '../../../packages/gate/src/analysis/otlp-json-lines.ts'
// biome-ignore lint/style/noRestrictedImports: as above.
import type { SyntheticRegression } from '../../../packages/gate/src/analysis/synthetic-profiles.fixture.ts'
// biome-ignore lint/style/noRestrictedImports: as above.
import { generateSyntheticSpans } from '../../../packages/gate/src/analysis/synthetic-traces.fixture.ts'

/** What traffic a scenario's trace file holds. */
export interface CanaryTraffic {
  /** The experiment file's text whose configuration produced the traffic. */
  readonly experiment: string
  readonly sessions: number
  /** First session's start; one session a minute after it. */
  readonly start: Date
  readonly regression?: SyntheticRegression
  readonly seed?: number
  readonly agents?: readonly string[]
}

/** The experiment of an experiment file's text. */
export function experimentOf(text: string): Experiment {
  return parseExperimentText(text, 'experiment.yaml').experiment
}

/**
 * Writes a trace file (OTLP JSON lines, the `file:` source's format) of synthetic sessions made by the
 * gate's own generator with the profile of the action's fixtures
 * (packages/action/scripts/write-fixture-traces.ts): one session a minute from `start`, seeded, arms
 * assigned by core's assigner from the experiment's weights. No traffic writes an empty file.
 */
export function writeCanaryTraces(path: string, traffic: readonly CanaryTraffic[]): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, traffic.map(encodeTraffic).join(''))
}

/** Encoded traffic by its options: scenarios re-run on the same data, so each is generated once. */
const encoded = new Map<string, string>()

function encodeTraffic(part: CanaryTraffic): string {
  const key = JSON.stringify(part)
  let text = encoded.get(key)
  if (text === undefined) {
    const spans = generateSyntheticSpans({
      experiment: experimentOf(part.experiment),
      sessions: part.sessions,
      seed: part.seed ?? 7,
      startMs: part.start.getTime(),
      sessionIntervalMs: 60_000,
      accuracyShare: 0,
      judgeShare: 0,
      profile: { latencySigma: 0.2, errorRate: 0.01 },
      ...(part.agents === undefined ? {} : { agents: part.agents }),
      ...(part.regression === undefined ? {} : { regression: part.regression }),
    })
    const lines: string[] = []
    for (let i = 0; i < spans.length; i += 500) lines.push(`${encodeOtlpJsonLine(spans.slice(i, i + 500))}\n`)
    text = lines.join('')
    encoded.set(key, text)
  }
  return text
}
