/**
 * The thread id of session `index` of a run: the unit id the router hashes to an arm. The seed is part
 * of it, so each seed gives another assignment.
 *
 * @param seed - The run's seed.
 * @param index - The session number.
 * @returns `session-<seed>-<index>`.
 */
export function sessionIdOf(seed: number, index: number): string {
  return `session-${seed}-${index}`
}
