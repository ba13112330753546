import { parseExperimentText, rolloutConfigurationKey } from '@llm-canary/gate'
import type { Pair } from 'yaml'
import { isMap, isScalar, parseDocument } from 'yaml'
import type { ExperimentAtCommit } from './experiment-files.ts'

/**
 * The experiment file's top-level keys that make its rollout configuration (what
 * `rolloutConfigurationKey` compares): who goes to which arm, which model each arm runs, the shadows
 * and the agent scope. Guardrails, pricing and analysis settings are not among them.
 */
const CONFIGURATION_KEYS = ['experiment', 'unit', 'salt', 'hash_version', 'arms', 'scope'] as const

/**
 * The text of the experiment file as it is now, with the rollout configuration it had before: the keys
 * that decide assignment and models are taken from `previous`, everything else (a guardrail, pricing or
 * analysis edit made since, comments, formatting) stays as it is now. This is the revert of a model step
 * when GitHub's own revert is not possible, and unlike restoring the whole previous file it does not undo
 * the unrelated edits merged after the step. When the edited text would not validate or not give the
 * previous configuration (an unusual YAML layout), the previous file is restored whole.
 *
 * @param current - The file now, validated.
 * @param previous - The file before the step, validated.
 * @returns The text to write.
 * @example
 * restoreConfiguration(current, previous) // arms of `previous`, guardrails of `current`
 */
export function restoreConfiguration(current: ExperimentAtCommit, previous: ExperimentAtCommit): string {
  const now = parseDocument(current.text)
  const before = parseDocument(previous.text)
  const nowMap = now.contents
  const beforeMap = before.contents
  if (!isMap(nowMap) || !isMap(beforeMap)) return previous.text
  for (const key of CONFIGURATION_KEYS) {
    const old = beforeMap.items.findIndex((pair) => keyOf(pair) === key)
    const at = nowMap.items.findIndex((pair) => keyOf(pair) === key)
    if (old < 0) {
      if (at >= 0) nowMap.items.splice(at, 1)
    } else if (at >= 0) {
      nowMap.items[at] = beforeMap.items[old]!
    } else {
      // A key the file no longer has goes back after the key it followed.
      const after = beforeMap.items
        .slice(0, old)
        .map(keyOf)
        .reverse()
        .map((name) => nowMap.items.findIndex((pair) => keyOf(pair) === name))
        .find((index) => index >= 0)
      nowMap.items.splice((after ?? -1) + 1, 0, beforeMap.items[old]!)
    }
  }
  const text = now.toString()
  try {
    const restored = parseExperimentText(text, current.path).experiment
    if (rolloutConfigurationKey(restored) === rolloutConfigurationKey(previous.experiment)) return text
  } catch {
    // Not valid once merged: fall through to the whole previous file.
  }
  return previous.text
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key
}
