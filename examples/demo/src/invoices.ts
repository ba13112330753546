import { createSeededRandom } from './seeded-random.ts'

/** One line of an invoice. */
interface InvoiceLine {
  readonly description: string
  readonly quantity: number
  readonly unitPrice: number
}

/** The fields the extractor must read, as the reference (labelled dataset) has them. */
export interface InvoiceFields {
  readonly vendor: string
  readonly invoice_number: string
  /** ISO `YYYY-MM-DD`: the validator accepts nothing else. */
  readonly invoice_date: string
  readonly due_date: string
  readonly po_number: string
  readonly currency: string
  readonly total: number
}

/** What accounts payable should do with an invoice. */
export type PaymentDecision = 'APPROVE' | 'HOLD'

/** A labelled invoice: the document, its vendor records, and the right answers. */
export interface InvoiceCase {
  /** The invoice as the extractor reads it. */
  readonly text: string
  readonly vendorId: string
  /** The purchase order's approved amount (in the PO record). */
  readonly approvedAmount: number
  readonly expectedFields: InvoiceFields
  /** HOLD when the total exceeds the purchase order, else APPROVE. */
  readonly expectedDecision: PaymentDecision
}

interface Vendor {
  readonly id: string
  readonly name: string
  readonly currency: string
  readonly items: readonly (readonly [string, number])[]
}

const VENDORS: readonly Vendor[] = [
  vendor('acme-office', 'Acme Office Supplies GmbH', 'EUR', [
    ['Toner cartridge TN-421', 84.5],
    ['A4 paper, 5 reams', 24.9],
  ]),
  vendor('northwind-it', 'Northwind IT Services Ltd', 'GBP', [
    ['Laptop support, monthly', 320],
    ['On-site visit', 180],
  ]),
  vendor('globex-logistics', 'Globex Logistics Inc.', 'USD', [
    ['Pallet freight EU-US', 640],
    ['Customs handling', 95],
  ]),
  vendor('initech-cloud', 'Initech Cloud Hosting BV', 'EUR', [
    ['vCPU hours (1,000)', 42],
    ['Object storage, TB-month', 21.5],
  ]),
  vendor('umbrella-labs', 'Umbrella Lab Consumables SA', 'EUR', [
    ['Pipette tips, box of 960', 38.2],
    ['Nitrile gloves, case', 61],
  ]),
  vendor('stark-facilities', 'Stark Facilities Management LLC', 'USD', [
    ['Cleaning, weekly', 410],
    ['HVAC maintenance', 275],
  ]),
  vendor('wayne-print', 'Wayne Print & Signage Ltd', 'GBP', [
    ['Trade show banner', 145],
    ['Brochures, 500', 230],
  ]),
  vendor('hooli-software', 'Hooli Software Licensing Inc.', 'USD', [
    ['Seat licence, annual', 180],
    ['Premium support', 900],
  ]),
]

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const

const DAY_MS = 86_400_000

/**
 * Builds the labelled invoices the demo's sessions process. Sessions draw from this pool, so identical
 * inputs recur across sessions and arms: that is what citation stability compares.
 *
 * @param options - The run's seed and how many invoices to make.
 * @returns The invoices, the same for the same seed.
 * @example
 * const pool = createInvoicePool({ seed: 7, size: 240 })
 * pool[0]?.expectedFields.invoice_date // an ISO date, e.g. '2026-03-14'
 */
export function createInvoicePool(options: { readonly seed: number; readonly size: number }): InvoiceCase[] {
  const pool: InvoiceCase[] = []
  for (let index = 0; index < options.size; index++) pool.push(createInvoice(options.seed, index))
  return pool
}

function createInvoice(seed: number, index: number): InvoiceCase {
  const random = createSeededRandom(`${seed}|invoice|${index}`)
  const supplier = random.pick(VENDORS)
  const lines = supplier.items.map(([description, unitPrice]) => ({
    description,
    quantity: random.integer(1, 12),
    unitPrice,
  }))
  const total = roundCents(lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0))
  // One invoice in six bills more than its purchase order approved: accounts payable must hold it.
  const overBilled = random.chance(1 / 6)
  const approvedAmount = overBilled
    ? roundCents(total * 0.9)
    : roundCents((total * random.integer(100, 125)) / 100)
  const issuedMs = Date.UTC(2026, 0, 5) + random.integer(0, 170) * DAY_MS
  const fields: InvoiceFields = {
    vendor: supplier.name,
    invoice_number: `INV-2026-${String(10_000 + seed * 1_000 + index).padStart(5, '0')}`,
    invoice_date: isoDate(issuedMs),
    due_date: isoDate(issuedMs + 30 * DAY_MS),
    po_number: `PO-${random.integer(40_000, 99_999)}`,
    currency: supplier.currency,
    total,
  }
  return {
    text: formatInvoiceText(fields, lines),
    vendorId: supplier.id,
    approvedAmount,
    expectedFields: fields,
    expectedDecision: total > approvedAmount ? 'HOLD' : 'APPROVE',
  }
}

/**
 * Writes an invoice the way the document reads: dates in words (`3 May 2026`), amounts with thousands
 * separators. The simulated extractor reads it back with `readInvoiceText`.
 *
 * @param fields - The invoice's fields.
 * @param lines - Its lines.
 * @returns The invoice text.
 */
function formatInvoiceText(fields: InvoiceFields, lines: readonly InvoiceLine[]): string {
  const body = lines.map(
    (line) =>
      `  ${String(line.quantity).padStart(2)} x ${line.description.padEnd(28)} ${formatAmount(line.unitPrice).padStart(9)} ${formatAmount(line.quantity * line.unitPrice).padStart(10)}`,
  )
  return [
    `INVOICE ${fields.invoice_number}`,
    `From: ${fields.vendor}`,
    `Issued: ${wordDate(fields.invoice_date)} · Payment due: ${wordDate(fields.due_date)}`,
    `Purchase order: ${fields.po_number}`,
    ...body,
    `Total due: ${fields.currency} ${formatAmount(fields.total)}`,
  ].join('\n')
}

/**
 * Reads the fields back from an invoice's text (what a model does when it reads the document).
 *
 * @param text - Text containing an invoice written by `formatInvoiceText`.
 * @returns The fields, or undefined when the text holds no invoice.
 */
export function readInvoiceText(text: string): InvoiceFields | undefined {
  const number = /INVOICE (\S+)/.exec(text)?.[1]
  const vendorName = /From: (.+)/.exec(text)?.[1]
  const dates = /Issued: (.+?) · Payment due: (.+)/.exec(text)
  const po = /Purchase order: (\S+)/.exec(text)?.[1]
  const total = /Total due: ([A-Z]{3}) ([\d,.]+)/.exec(text)
  if (
    number === undefined ||
    vendorName === undefined ||
    dates === null ||
    po === undefined ||
    total === null
  ) {
    return undefined
  }
  const issued = isoFromWords(dates[1] ?? '')
  const due = isoFromWords(dates[2] ?? '')
  if (issued === undefined || due === undefined) return undefined
  return {
    vendor: vendorName.trim(),
    invoice_number: number,
    invoice_date: issued,
    due_date: due,
    po_number: po,
    currency: total[1] ?? '',
    total: Number((total[2] ?? '').replaceAll(',', '')),
  }
}

/**
 * Formats an amount with thousands separators and cents: `1,214.00`.
 *
 * @param amount - The amount.
 * @returns The text.
 */
export function formatAmount(amount: number): string {
  // toLocaleString is slow enough to show in a profile of thousands of sessions.
  const [whole = '0', cents = '00'] = Math.abs(amount).toFixed(2).split('.')
  return `${amount < 0 ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`
}

function vendor(id: string, name: string, currency: string, items: Vendor['items']): Vendor {
  return { id, name, currency, items }
}

function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

function wordDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number)
  return `${day} ${MONTHS[(month ?? 1) - 1]} ${year}`
}

function isoFromWords(text: string): string | undefined {
  const match = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(text.trim())
  if (match === null) return undefined
  const month = MONTHS.indexOf(match[2] as (typeof MONTHS)[number]) + 1
  if (month === 0) return undefined
  return `${match[3]}-${String(month).padStart(2, '0')}-${(match[1] ?? '').padStart(2, '0')}`
}
