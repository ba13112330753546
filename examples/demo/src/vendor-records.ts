import { Document } from '@langchain/core/documents'
import type { InvoiceCase } from './invoices.ts'
import { formatAmount } from './invoices.ts'

/** Accounts-payable policies every summary may cite. */
const POLICIES: readonly Document[] = [
  record(
    'policy/three-way-match',
    'Pay an invoice only when invoice, purchase order and goods receipt agree on vendor, amount and currency.',
    0.74,
  ),
  record(
    'policy/ap-approval-limits',
    'Hold any invoice whose total exceeds the approved purchase-order amount; the buyer must raise the PO first.',
    0.71,
  ),
]

/** The accounts-payable knowledge base: vendor master data, contracts, purchase orders, payments, policies. */
export interface RecordStore {
  /**
   * The records an invoice needs: its purchase order, the vendor's records and the payment policies,
   * found from the invoice text.
   *
   * @param query - The invoice text (the vendor name and PO number in it are the keys).
   * @returns The records, best match first; only the policies when the vendor is unknown.
   */
  findRecords(query: string): Document[]
}

/**
 * Builds the record store of an invoice pool: one master record, contract and last payment per vendor,
 * one purchase order per invoice, and two policies. Ids (`po/po-48211`, `contract/acme-office-2026`,
 * `policy/three-way-match`) are what models cite.
 *
 * @param pool - The labelled invoices.
 * @returns The store.
 * @example
 * createRecordStore(pool).findRecords(pool[0]!.text).map((d) => d.metadata.source)
 * // ['po/po-48211', 'vendor/acme-office', 'contract/acme-office-2026', 'payment/acme-office-last',
 * //  'policy/three-way-match', 'policy/ap-approval-limits']
 */
export function createRecordStore(pool: readonly InvoiceCase[]): RecordStore {
  const vendors = new Map<string, { readonly name: string; readonly records: Document[] }>()
  const orders = new Map<string, Document>()
  for (const invoice of pool) {
    const { vendor, po_number: po, currency } = invoice.expectedFields
    if (!vendors.has(invoice.vendorId)) {
      vendors.set(invoice.vendorId, { name: vendor, records: vendorRecords(invoice.vendorId, vendor) })
    }
    orders.set(
      po,
      record(
        `po/${po.toLowerCase()}`,
        `Purchase order ${po} to ${vendor}: approved amount ${currency} ${formatAmount(invoice.approvedAmount)}.`,
        0.93,
      ),
    )
  }
  return {
    findRecords(query) {
      const found = [...vendors.values()].find((entry) => query.includes(entry.name))
      const order = orders.get(/PO-\d+/.exec(query)?.[0] ?? '')
      return [...(order === undefined ? [] : [order]), ...(found?.records ?? []), ...POLICIES]
    },
  }
}

function vendorRecords(vendorId: string, name: string): Document[] {
  return [
    record(
      `vendor/${vendorId}`,
      `Vendor master record of ${name}: bank account verified, net-30 terms.`,
      0.88,
    ),
    record(
      `contract/${vendorId}-2026`,
      `Framework contract 2026 with ${name}: unit prices fixed until December.`,
      0.81,
    ),
    record(`payment/${vendorId}-last`, `Last payment to ${name}: settled in full, no disputes.`, 0.62),
  ]
}

function record(source: string, pageContent: string, score: number): Document {
  return new Document({ pageContent, metadata: { source, score } })
}
