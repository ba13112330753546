import type { AgentTask } from './invoice-prompts.ts'
import { readRecords } from './invoice-prompts.ts'
import type { InvoiceFields } from './invoices.ts'
import { formatAmount, readInvoiceText } from './invoices.ts'
import type { ModelProfile } from './model-profiles.ts'
import type { SeededRandom } from './seeded-random.ts'

/** What a simulated model answers to one prompt (before timing and usage). */
export interface SimulatedAnswer {
  readonly text: string
}

/** Inputs of `writeAnswer`. */
export interface AnswerInput {
  readonly task: AgentTask | undefined
  /** The user message of the call: the data the model reads. */
  readonly prompt: string
  readonly profile: ModelProfile
  readonly random: SeededRandom
}

/**
 * Writes a simulated model's answer the way the workflow's prompts ask for it, with the profile's
 * mistakes drawn from `random`: misread fields and DD/MM/YYYY dates (extract), cited sources that
 * wobble or drift (extract, summarize), wrong payment decisions and extra sentences (summarize).
 *
 * @param input - Task, prompt, profile and random stream.
 * @returns The answer text.
 */
export function writeAnswer(input: AnswerInput): SimulatedAnswer {
  switch (input.task) {
    case 'extract':
      return { text: writeExtraction(input) }
    case 'check':
      return { text: writeCheck(input.prompt) }
    case 'summarize':
      return { text: writeSummary(input) }
    case undefined:
      return { text: 'I can only help with invoices.' }
  }
}

function writeExtraction({ prompt, profile, random }: AnswerInput): string {
  const fields = readInvoiceText(prompt)
  if (fields === undefined) return '{"error": "no invoice found"}'
  const read: Record<string, unknown> = { ...fields }
  for (const key of Object.keys(fields) as (keyof InvoiceFields)[]) {
    if (random.chance(profile.fieldErrorRate)) read[key] = misread(key, fields, random)
  }
  if (random.chance(profile.dateSlipRate)) read.invoice_date = toDayMonthYear(fields.invoice_date)
  const ids = readRecords(prompt).map((record) => record.id)
  const evidence = ids.filter((id) => id.startsWith('vendor/') || id.startsWith('po/'))
  read.sources = citeSources({ evidence, available: ids, profile, random })
  return JSON.stringify(read)
}

function writeCheck(prompt: string): string {
  const fields = parseJsonObject(prompt.slice(prompt.indexOf('{'), prompt.lastIndexOf('}') + 1))
  const approved = readApprovedAmount(prompt)
  const total = typeof fields?.total === 'number' ? fields.total : Number.NaN
  if (approved === undefined || Number.isNaN(total))
    return 'MISMATCH: the purchase order or the total is missing'
  return total > approved
    ? `MISMATCH: total ${formatAmount(total)} exceeds the approved ${formatAmount(approved)}`
    : 'MATCH'
}

function writeSummary({ prompt, profile, random }: AnswerInput): string {
  const fields = parseJsonObject(prompt.slice(prompt.indexOf('{'), prompt.indexOf('}') + 1)) ?? {}
  const records = readRecords(prompt)
  const ids = records.map((record) => record.id)
  const approved = readApprovedAmount(prompt)
  const total = typeof fields.total === 'number' ? fields.total : Number.NaN
  const overBilled = approved === undefined || !(total <= approved)
  const wrong = random.chance(profile.decisionErrorRate)
  const decision = overBilled !== wrong ? 'HOLD' : 'APPROVE'
  const policy = overBilled ? 'policy/ap-approval-limits' : 'policy/three-way-match'
  const evidence = ids.filter((id) => id.startsWith('po/') || id.startsWith('contract/') || id === policy)
  const cited = citeSources({ evidence, available: ids, profile, random })
  const amount = `${String(fields.currency ?? '')} ${formatAmount(total)}`
  const sentences = [
    `${String(fields.vendor ?? 'The vendor')} bills ${amount} on ${String(fields.invoice_number ?? 'this invoice')}, due ${String(fields.due_date ?? 'soon')}.`,
    overBilled
      ? 'The total exceeds the approved purchase-order amount, so payment must wait for a revised order.'
      : 'Vendor, amount and currency agree with the purchase order and the framework contract.',
    `Evidence: ${cited.map((id) => `[${id}]`).join(' ')}.`,
  ]
  for (let extra = 0; extra < profile.extraSentences; extra++) sentences.push(random.pick(EXTRA_SENTENCES))
  return `${sentences.join(' ')}\nDecision: ${decision}`
}

const EXTRA_SENTENCES = [
  'As a reminder, accounts payable should always double-check bank details before releasing any payment.',
  'Please note that this recommendation is based solely on the documents provided in this request.',
  'If anything looks unusual, the clerk may wish to contact the vendor or the buyer for clarification.',
] as const

/** The sources an answer cites: the evidence, wobbled by noise and replaced by drift. */
function citeSources(input: {
  readonly evidence: readonly string[]
  readonly available: readonly string[]
  readonly profile: ModelProfile
  readonly random: SeededRandom
}): string[] {
  const { evidence, available, profile, random } = input
  let cited = [...evidence]
  const others = available.filter((id) => !cited.includes(id))
  if (random.chance(profile.citationDrift) && cited.length > 0 && others.length > 0) {
    cited[random.integer(0, cited.length - 1)] = random.pick(others)
  }
  if (random.chance(profile.citationNoise)) {
    const unused = available.filter((id) => !cited.includes(id))
    if (random.chance(0.5) && unused.length > 0) cited.push(random.pick(unused))
    else if (cited.length > 1) cited = cited.slice(0, -1)
  }
  return cited
}

function misread(key: keyof InvoiceFields, fields: InvoiceFields, random: SeededRandom): string | number {
  switch (key) {
    case 'vendor':
      return fields.vendor.split(' ').slice(0, -1).join(' ')
    case 'invoice_number':
    case 'po_number':
      return swapLastDigits(fields[key])
    case 'invoice_date':
      return fields.due_date
    case 'due_date':
      return fields.invoice_date
    case 'currency':
      return fields.currency === 'USD' ? 'EUR' : 'USD'
    case 'total':
      return Math.round(fields.total * random.pick([0.9, 1.1, 10]) * 100) / 100
  }
}

function swapLastDigits(text: string): string {
  const chars = [...text]
  const last = chars.length - 1
  if (last < 1) return text
  ;[chars[last - 1], chars[last]] = [chars[last] ?? '', chars[last - 1] ?? '']
  const swapped = chars.join('')
  return swapped === text ? `${text.slice(0, -1)}${(Number(text.at(-1)) + 1) % 10}` : swapped
}

function toDayMonthYear(iso: string): string {
  const [year, month, day] = iso.split('-')
  return `${day}/${month}/${year}`
}

function readApprovedAmount(prompt: string): number | undefined {
  const match = /approved amount [A-Z]{3} ([\d,]+\.\d{2})/.exec(prompt)
  return match === null ? undefined : Number((match[1] ?? '').replaceAll(',', ''))
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
