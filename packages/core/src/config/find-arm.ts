import type { Arm, Experiment } from '../types.ts'

/**
 * Looks an arm up by name. For control use `experiment.control`, for the candidates
 * `experiment.candidates`: every loaded experiment has them.
 *
 * @param experiment - A loaded experiment.
 * @param name - The arm name, as spans and assignments carry it (`candidate`).
 * @returns The arm, or undefined when the experiment has none of that name (another experiment's span).
 * @example
 * findArm(experiment, assignment.arm)?.model.id // 'openai:gpt-5'
 */
export function findArm(experiment: Experiment, name: string): Arm | undefined {
  return experiment.arms.find((arm) => arm.name === name)
}
