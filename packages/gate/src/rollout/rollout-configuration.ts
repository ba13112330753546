import type { Experiment } from '@llm-canary/core'

/**
 * A key that changes exactly when the data an experiment produces changes meaning: which units go to
 * which arm (id, salt, unit, hash version, weights, slots), which model each arm runs, the shadow
 * shares and the agent scope. Guardrails, pricing and analysis settings are left out: they change how
 * the data is judged, not the data. Two commits with the same key produce comparable spans, so the data
 * window of a gate starts at the oldest commit of the latest run of equal keys.
 *
 * @param experiment - A validated experiment.
 * @returns A string to compare with `===`.
 * @example
 * rolloutConfigurationKey(atCommit) === rolloutConfigurationKey(atBase) // same configuration
 */
export function rolloutConfigurationKey(experiment: Experiment): string {
  return JSON.stringify({
    id: experiment.id,
    salt: experiment.salt,
    unit: experiment.unit,
    hashVersion: experiment.hashVersion,
    arms: experiment.arms.map((arm) => [arm.name, arm.model.id, arm.weightBasisPoints, arm.shadow, arm.slot]),
    scope: experiment.scopeAgents ?? null,
  })
}
