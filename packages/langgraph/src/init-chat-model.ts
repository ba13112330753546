/**
 * `@llm-canary/langgraph/init-chat-model`: each arm's model through langchain's `initChatModel`
 * (`provider:model` ids, the provider package loaded on first use). This entry needs the `langchain`
 * package (≥ 1.3.0); without it, give `createArmModels` a factory of your own.
 *
 * @example
 * import { defaultModelFactory } from '@llm-canary/langgraph/init-chat-model'
 * const models = createArmModels({ experiment, factory: defaultModelFactory })
 *
 * @packageDocumentation
 */
export { assertProvidersSupported, defaultModelFactory, LazyChatModel } from './routing/lazy-chat-model.ts'
