import type { Node } from 'yaml'
import { isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml'

/** Where the parts of an experiment file that a report points at are written (1-based lines). */
export interface ExperimentLines {
  /** The line of each `guardrails.<metric>` key. */
  readonly guardrails: ReadonlyMap<string, number>
  /** The line of each `arms.<name>` key. */
  readonly arms: ReadonlyMap<string, number>
  /** The line of the `guardrails:` key, when present. */
  readonly guardrailsKey?: number
}

/**
 * Finds the lines of an experiment file's guardrails and arms, so an annotation can point at the line
 * a failing guardrail is written on. Tolerant: text that does not parse gives empty maps.
 *
 * @param text - The YAML (or JSON) source of the experiment file.
 * @returns The lines found.
 * @example
 * locateExperimentLines(text).guardrails.get('latency_p95_ms') // 14
 */
export function locateExperimentLines(text: string): ExperimentLines {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false })
  const lineOf = (node: Node): number | undefined => {
    const offset = node.range?.[0]
    return offset === undefined ? undefined : lineCounter.linePos(offset).line
  }
  const top = doc.contents
  const section = (name: string): { key?: number; lines: Map<string, number> } => {
    const lines = new Map<string, number>()
    if (!isMap(top)) return { lines }
    const pair = top.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === name)
    if (pair === undefined) return { lines }
    const key = isScalar(pair.key) ? lineOf(pair.key) : undefined
    if (isMap(pair.value)) {
      for (const item of pair.value.items) {
        if (!isScalar(item.key)) continue
        const line = lineOf(item.key)
        if (line !== undefined) lines.set(String(item.key.value), line)
      }
    }
    return key === undefined ? { lines } : { key, lines }
  }
  const guardrails = section('guardrails')
  return {
    guardrails: guardrails.lines,
    arms: section('arms').lines,
    ...(guardrails.key === undefined ? {} : { guardrailsKey: guardrails.key }),
  }
}
