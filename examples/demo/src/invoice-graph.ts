import type { Document } from '@langchain/core/documents'
import type { RunnableConfig } from '@langchain/core/runnables'
import { Annotation, END, START, StateGraph } from '@langchain/langgraph'
import type { Experiment } from '@llm-canary/core'
import type { ArmModels, HashKey } from '@llm-canary/langgraph'
import { createRouterNode, withLlmCanary } from '@llm-canary/langgraph'
import { buildExtractorMessages, buildSummarizerMessages, buildValidatorMessages } from './invoice-prompts.ts'
import { readValidatedFields } from './invoice-validation.ts'
import type { InvoiceFields, PaymentDecision } from './invoices.ts'
import type { RecordsRetriever } from './records-retriever.ts'

/** The name of the compiled graph: spans read `invoke_workflow invoice-processing`. */
const WORKFLOW_NAME = 'invoice-processing'

/** The workflow's state: the invoice and its labels in, each agent's output out, and the session's arm. */
const InvoiceState = withLlmCanary(
  Annotation.Root({
    invoiceText: Annotation<string>,
    /** The labelled fields (the accuracy reference; a real app reads these from a reviewed dataset). */
    reference: Annotation<InvoiceFields>,
    expectedDecision: Annotation<PaymentDecision>,
    /** The records the extractor's retriever found: purchase order, vendor records, policies. */
    records: Annotation<Document[]>,
    /** The extractor's answer, JSON text. */
    extraction: Annotation<string>,
    /** The fields the validator accepted. */
    fields: Annotation<InvoiceFields>,
    /** The validator's purchase-order check. */
    check: Annotation<string>,
    summary: Annotation<string>,
  }),
)

/** The state type of the workflow. */
export type InvoiceStateValue = typeof InvoiceState.State

/** What `buildInvoiceGraph` needs. */
export interface InvoiceGraphOptions {
  readonly experiment: Experiment
  readonly hashKey: HashKey
  /** The arm-aware models (`createArmModels`). */
  readonly models: ArmModels<InvoiceStateValue>
  /** Finds the invoice's purchase order, the vendor's records and the payment policies. */
  readonly records: RecordsRetriever
}

/**
 * Builds the invoice-processing workflow: router (assigns the session's arm) → extractor (retrieves the
 * purchase order, vendor records and policies; extracts the fields as JSON, citing its sources) →
 * validator (parses the JSON, checks the dates are ISO, checks the purchase order with an LLM) →
 * summarizer (recommends a payment decision citing the retrieved records). Each agent asks
 * `models.modelFor(state, config)` for its model, so agents in the experiment's scope use the session's
 * arm and the others use control.
 *
 * @param options - Experiment, hash key, arm models and the records retriever.
 * @returns The compiled graph, named `invoice-processing`.
 * @example
 * const graph = buildInvoiceGraph({ experiment, hashKey, models, records })
 * await graph.invoke({ invoiceText, reference, expectedDecision }, { configurable: { thread_id }, callbacks: [handler] })
 */
export function buildInvoiceGraph(options: InvoiceGraphOptions) {
  const { experiment, hashKey, models, records: retriever } = options

  const extractor = async (state: InvoiceStateValue, config: RunnableConfig) => {
    // Node configs carry the node's runName: name the retrieval after the retriever instead.
    const records = await retriever.invoke(state.invoiceText, { ...config, runName: 'ap_records' })
    const answer = await models
      .modelFor(state, config)
      .invoke(buildExtractorMessages(state.invoiceText, records), config)
    return { records, extraction: answer.text }
  }

  const validator = async (state: InvoiceStateValue, config: RunnableConfig) => {
    const fields = readValidatedFields(state.extraction)
    const answer = await models
      .modelFor(state, config)
      .invoke(buildValidatorMessages(JSON.stringify(fields), state.records), config)
    return { fields, check: answer.text }
  }

  const summarizer = async (state: InvoiceStateValue, config: RunnableConfig) => {
    const answer = await models
      .modelFor(state, config)
      .invoke(buildSummarizerMessages(JSON.stringify(state.fields), state.check, state.records), config)
    return { summary: answer.text }
  }

  return new StateGraph(InvoiceState)
    .addNode('router', createRouterNode<InvoiceStateValue>({ experiment, hashKey }))
    .addNode('extractor', extractor)
    .addNode('validator', validator)
    .addNode('summarizer', summarizer)
    .addEdge(START, 'router')
    .addEdge('router', 'extractor')
    .addEdge('extractor', 'validator')
    .addEdge('validator', 'summarizer')
    .addEdge('summarizer', END)
    .compile({ name: WORKFLOW_NAME })
}
