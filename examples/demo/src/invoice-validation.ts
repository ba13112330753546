import type { InvoiceFields } from './invoices.ts'

/** The extractor's answer broke the workflow's contract: the run stops at the validator. */
class InvoiceValidationError extends Error {
  override name = 'InvoiceValidationError'
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const TEXT_FIELDS = ['vendor', 'invoice_number', 'po_number', 'currency'] as const
const DATE_FIELDS = ['invoice_date', 'due_date'] as const

/**
 * Parses the extractor's JSON and checks what the downstream agents and the payment system rely on:
 * every field present, dates written ISO 8601 (`YYYY-MM-DD`) and real, the total a number. The cited
 * `sources` are dropped.
 *
 * @param extraction - The extractor's answer.
 * @returns The validated fields.
 * @throws {InvoiceValidationError} When the answer is not a JSON object, a field is missing, a date is
 *   written another way (`03/05/2026`) or the total is not a number.
 * @example
 * readValidatedFields('{"vendor":"Acme","invoice_date":"03/05/2026",...}')
 * // throws: invoice_date is "03/05/2026"; dates must be ISO 8601 (YYYY-MM-DD) ...
 */
export function readValidatedFields(extraction: string): InvoiceFields {
  let value: unknown
  try {
    value = JSON.parse(extraction)
  } catch {
    throw new InvoiceValidationError(
      `the extraction is not JSON (${JSON.stringify(extraction.slice(0, 40))}…); the extractor must answer with one JSON object`,
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvoiceValidationError(
      'the extraction is not a JSON object; the extractor must answer with one',
    )
  }
  const record = value as Record<string, unknown>
  for (const key of TEXT_FIELDS) readText(record, key)
  for (const key of DATE_FIELDS) {
    const date = readText(record, key)
    if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      throw new InvoiceValidationError(
        `${key} is ${JSON.stringify(date)}; dates must be ISO 8601 (YYYY-MM-DD), e.g. 2026-05-03, for the payment system`,
      )
    }
  }
  if (typeof record.total !== 'number' || !Number.isFinite(record.total)) {
    throw new InvoiceValidationError(
      `total is ${JSON.stringify(record.total)}; it must be a number such as 1214.5`,
    )
  }
  return {
    vendor: readText(record, 'vendor'),
    invoice_number: readText(record, 'invoice_number'),
    invoice_date: readText(record, 'invoice_date'),
    due_date: readText(record, 'due_date'),
    po_number: readText(record, 'po_number'),
    currency: readText(record, 'currency'),
    total: record.total,
  }
}

function readText(record: Record<string, unknown>, key: string): string {
  const value = record[key]
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvoiceValidationError(
      `${key} is ${JSON.stringify(value) ?? 'missing'}; the extraction must give it as text`,
    )
  }
  return value
}
