import type { Document } from '@langchain/core/documents'
import type { BaseMessage } from '@langchain/core/messages'
import { HumanMessage, SystemMessage } from '@langchain/core/messages'

/** The three LLM tasks of the workflow; the first line of each system prompt names one. */
export type AgentTask = 'extract' | 'check' | 'summarize'

const EXTRACTOR_PROMPT = `Task: extract
You are the extraction agent of an accounts-payable team. Read the invoice and return one JSON object,
nothing else, with exactly these keys:
- vendor: the legal name of the vendor as printed on the invoice
- invoice_number: as printed, e.g. INV-2026-10412
- invoice_date and due_date: ISO 8601 calendar dates, YYYY-MM-DD (never 03/05/2026)
- po_number: the purchase order the invoice refers to, e.g. PO-48211
- currency: ISO 4217 code
- total: the total due, as a number without separators
- sources: the ids of the vendor records that confirm the vendor and the purchase order
Use only the invoice and the records given. Do not guess a missing value: write null.`

const VALIDATOR_PROMPT = `Task: check
You are the validation agent. Compare the extracted invoice with its purchase order record and answer
MATCH when vendor, currency and amount are consistent with the order, else MISMATCH and the reason.`

const SUMMARIZER_PROMPT = `Task: summarize
You are the payment agent. Write a short payment recommendation for the accounts-payable clerk: what is
billed, whether it matches the purchase order and contract, and what to do. Cite every record you rely on
as [source-id]. End with one line: Decision: APPROVE or Decision: HOLD.`

/**
 * Reads which task a call is for from its system prompt.
 *
 * @param messages - The call's messages.
 * @returns The task, or undefined for a prompt the workflow did not write.
 */
export function readTask(messages: readonly BaseMessage[]): AgentTask | undefined {
  const first = messages[0]?.text ?? ''
  const task = /^Task: (\w+)/.exec(first)?.[1]
  return task === 'extract' || task === 'check' || task === 'summarize' ? task : undefined
}

/**
 * The extractor's messages: the invoice and the records the retriever found.
 *
 * @param invoiceText - The invoice.
 * @param records - The vendor records.
 * @returns The messages.
 */
export function buildExtractorMessages(invoiceText: string, records: readonly Document[]): BaseMessage[] {
  return [
    new SystemMessage(EXTRACTOR_PROMPT),
    new HumanMessage(`Invoice:\n${invoiceText}\n\nRecords:\n${formatRecords(records)}`),
  ]
}

/**
 * The validator's messages: the extracted fields and the purchase order record.
 *
 * @param fieldsJson - The extracted fields, as JSON.
 * @param records - The retrieved records (the purchase order among them).
 * @returns The messages.
 */
export function buildValidatorMessages(fieldsJson: string, records: readonly Document[]): BaseMessage[] {
  const orders = records.filter((record) => sourceOf(record).startsWith('po/'))
  return [
    new SystemMessage(VALIDATOR_PROMPT),
    new HumanMessage(`Extracted invoice:\n${fieldsJson}\n\nPurchase order:\n${formatRecords(orders)}`),
  ]
}

/**
 * The summarizer's messages: the validated fields, the validator's check and the retrieved records.
 *
 * @param fieldsJson - The validated fields, as JSON.
 * @param check - The validator's purchase-order check (`MATCH`, or `MISMATCH: ...`).
 * @param records - The retrieved records: purchase order, vendor records, policies.
 * @returns The messages.
 */
export function buildSummarizerMessages(
  fieldsJson: string,
  check: string,
  records: readonly Document[],
): BaseMessage[] {
  return [
    new SystemMessage(SUMMARIZER_PROMPT),
    new HumanMessage(
      `Invoice:\n${fieldsJson}\n\nPurchase-order check: ${check}\n\nRecords:\n${formatRecords(records)}`,
    ),
  ]
}

/**
 * Reads the records back from a prompt: `[id] text` lines.
 *
 * @param prompt - A prompt written by the builders above.
 * @returns Each record's id and text, in order.
 */
export function readRecords(prompt: string): { readonly id: string; readonly text: string }[] {
  return [...prompt.matchAll(/^\[([^\]\s]+)\] (.*)$/gm)].map((match) => ({
    id: match[1] ?? '',
    text: match[2] ?? '',
  }))
}

function formatRecords(records: readonly Document[]): string {
  return records.map((record) => `[${sourceOf(record)}] ${record.pageContent}`).join('\n')
}

function sourceOf(record: Document): string {
  const source: unknown = record.metadata.source
  return typeof source === 'string' ? source : 'unknown'
}
