import type { LangSmithParams } from '@langchain/core/language_models/chat_models'
import { FakeListChatModel } from '@langchain/core/utils/testing'
import type { ModelRef } from '@llm-canary/core'

/**
 * LangChain's fake chat model, reporting the provider and model of the arm it stands in for (so spans
 * read `chat gpt-5-mini`, provider `openai`), answering from a short list and waiting a little.
 */
export class ArmFakeChatModel extends FakeListChatModel {
  /**
   * @param modelRef - The arm's model.
   * @param sleepMs - How long each answer takes.
   */
  constructor(
    readonly modelRef: ModelRef,
    sleepMs: number,
  ) {
    super({
      responses: [
        `(${modelRef.name}) Your order ships tomorrow.`,
        `(${modelRef.name}) A refund takes 3 to 5 days.`,
      ],
      sleep: sleepMs,
    })
  }

  /**
   * @param options - Call options.
   * @returns LangSmith parameters naming the arm's provider and model.
   */
  override getLsParams(options: this['ParsedCallOptions']): LangSmithParams {
    return {
      ...super.getLsParams(options),
      ls_provider: this.modelRef.provider,
      ls_model_name: this.modelRef.name,
    }
  }
}
