import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import type { ModelRef } from '@llm-canary/core'
import { CanaryError } from '../errors.ts'

/**
 * Builds the chat model of one arm. Called once per model id; return an unbound model. A factory may
 * carry `checkModels`, run once over every arm's model when the models are set up, to refuse at start-up
 * what would fail on a session's first call (`defaultModelFactory` checks the providers).
 */
export type ModelFactory = ((model: ModelRef) => BaseChatModel) & {
  readonly checkModels?: (models: readonly ModelRef[]) => void
}

/**
 * Wraps a factory so each model id is built once, on first use. The cache holds one entry per
 * arm model of the experiment, so it stays small.
 *
 * @param factory - Builds a model.
 * @returns A function returning the model of a `ModelRef`, built or cached.
 */
export function createModelCache(factory: ModelFactory): (model: ModelRef) => BaseChatModel {
  const models = new Map<string, BaseChatModel>()
  return (model) => {
    const cached = models.get(model.id)
    if (cached !== undefined) return cached
    let built: BaseChatModel
    try {
      built = factory(model)
    } catch (err) {
      throw new CanaryError(
        'MODEL_FACTORY_FAILED',
        `the model factory threw for ${JSON.stringify(model.id)}: ${err instanceof Error ? err.message : String(err)}; ` +
          'check the factory and that the provider package is installed',
        { cause: err },
      )
    }
    models.set(model.id, built)
    return built
  }
}
