import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import type { RunnableConfig } from '@langchain/core/runnables'
import { RunnableBinding } from '@langchain/core/runnables'
import type { ModelRef } from '@llm-canary/core'
import { ConfigurableModel, MODEL_PROVIDER_CONFIG } from 'langchain/chat_models/universal'
import { CanaryError } from '../errors.ts'

type QueuedOperations = Record<string, unknown[]>

/**
 * A chat model that loads its provider class on first use, like `initChatModel('provider:model')`,
 * but with one provider model for its whole life. `initChatModel`'s model caches an instance per
 * distinct call config (run ids, callbacks, LangGraph metadata all differ per call), which grows
 * without bound in a long-running server; and it lets `configurable.model` swap the model, which
 * would silently move a session off its arm. Here no field is configurable, and models derived with
 * `bindTools` / `withStructuredOutput` wrap the same provider model (one client, one connection pool).
 */
export class LazyChatModel extends ConfigurableModel {
  /** The derived model (tools or structured output applied to the root's model), once loaded. */
  private derived: Promise<BaseChatModel> | undefined

  /**
   * @param modelRef - The model to load.
   * @param queuedMethodOperations - Calls applied to the loaded model (`bindTools`, `withStructuredOutput`).
   * @param root - The model this one derives from; it owns the provider model.
   */
  constructor(
    readonly modelRef: ModelRef,
    queuedMethodOperations: QueuedOperations = {},
    private readonly root: LazyChatModel | undefined = undefined,
  ) {
    super({
      defaultConfig: { model: modelRef.name, modelProvider: modelRef.provider },
      configurableFields: [],
      queuedMethodOperations,
    })
  }

  /** Loads (once) and returns the provider's chat model, whatever the call config. */
  override async _getModelInstance(_config?: RunnableConfig): Promise<BaseChatModel> {
    if (this.root === undefined) return super._getModelInstance(undefined)
    this.derived ??= this.derive(this.root).catch((err: unknown) => {
      // A failed load (say, the provider package is missing) is retried on the next call.
      this.derived = undefined
      throw err
    })
    return this.derived
  }

  /** Binds tools on the loaded model; stays lazy and shares the provider model. */
  override bindTools(...args: Parameters<ConfigurableModel['bindTools']>): LazyChatModel {
    return this.deriveWith({ bindTools: args })
  }

  /** Structured output on the loaded model; stays lazy and shares the provider model. */
  override withStructuredOutput = ((...args: unknown[]) =>
    this.deriveWith({ withStructuredOutput: args })) as unknown as ConfigurableModel['withStructuredOutput']

  /** Binds a config without making a new inner model (the base class would, per config). */
  override withConfig(config: RunnableConfig): ReturnType<ConfigurableModel['withConfig']> {
    return new RunnableBinding({ bound: this, config, kwargs: {} })
  }

  private deriveWith(operations: QueuedOperations): LazyChatModel {
    const queued = this._queuedMethodOperations as QueuedOperations
    return new LazyChatModel(this.modelRef, { ...queued, ...operations }, this.root ?? this)
  }

  private async derive(root: LazyChatModel): Promise<BaseChatModel> {
    let model: unknown = await root._getModelInstance()
    for (const [method, args] of Object.entries(this._queuedMethodOperations as QueuedOperations)) {
      const apply = (model as Record<string, unknown>)[method]
      if (typeof apply === 'function') model = await apply.apply(model, args)
    }
    return model as BaseChatModel
  }
}

/**
 * The default model factory: a lazy `initChatModel` for `provider:model` (see `LazyChatModel`).
 * The provider's LangChain package must be installed by the application (`@langchain/openai` for
 * `openai:…`, `@langchain/anthropic` for `anthropic:…`, …); it is imported on the first call, and a
 * missing package fails that call with LangChain's "Unable to import" error. Its `checkModels` refuses,
 * when the models are set up, a provider `initChatModel` does not know (`assertProvidersSupported`).
 *
 * @param model - The arm's model.
 * @returns A chat model that `bindTools` and `withStructuredOutput` work on.
 * @example
 * const model = defaultModelFactory({ id: 'openai:gpt-5', provider: 'openai', name: 'gpt-5' })
 */
export function defaultModelFactory(model: ModelRef): BaseChatModel {
  return new LazyChatModel(model)
}
defaultModelFactory.checkModels = assertProvidersSupported

/**
 * Checks that `initChatModel` knows every arm's provider, so a typo fails at start-up rather than on
 * the first call of a candidate session.
 *
 * @param models - The arms' models.
 * @throws {CanaryError} `MODEL_PROVIDER_UNSUPPORTED` naming the model and the providers it knows.
 */
export function assertProvidersSupported(models: readonly ModelRef[]): void {
  const known = Object.keys(MODEL_PROVIDER_CONFIG)
  for (const model of models) {
    if (known.includes(model.provider)) continue
    throw new CanaryError(
      'MODEL_PROVIDER_UNSUPPORTED',
      `model ${JSON.stringify(model.id)} names provider ${JSON.stringify(model.provider)}, which initChatModel does not know ` +
        `(it knows: ${known.join(', ')}); write the model as one of those providers in the experiment file, or pass a factory`,
    )
  }
}
