/**
 * Duplicates: two invoices of one customer in one currency, issued within days of each other,
 * whose numbers are the same once normalised or whose amounts are near (`duplicate_invoice`); two
 * receipts of one customer with the same amount and the same reference within days
 * (`duplicate_payment`). The facts are candidate pairs an SQL query narrowed down; these rules decide.
 */
import { daysBetween } from '../../shared/calendar-date.ts';
import { normaliseNumber } from '../../shared/document-number.ts';
import type { AnomalyPolicy } from './anomaly-policy.ts';
import type { FindingDraft, Severity } from './findings.types.ts';

export interface InvoiceFact {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly number: string;
  readonly currency: string;
  readonly totalMinor: bigint;
  readonly issueDate: string;
  readonly status: string;
}

export interface ReceiptFact {
  readonly receiptId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly receivedOn: string;
  readonly reference: string | null;
}

const absBig = (v: bigint) => (v < 0n ? -v : v);

/** True when two amounts are within `share` of the larger or within `toleranceMinor`. */
export function nearAmounts(a: bigint, b: bigint, share: number, toleranceMinor: bigint): boolean {
  const diff = absBig(a - b);
  if (diff <= toleranceMinor) return true;
  const larger = a > b ? a : b;
  // diff ≤ share × larger, in integers: diff × 10⁶ ≤ round(share × 10⁶) × larger.
  return diff * 1_000_000n <= BigInt(Math.round(share * 1_000_000)) * larger;
}

function invoicePairFinding(
  a: InvoiceFact,
  b: InvoiceFact,
  sameNumber: boolean,
  near: boolean,
): FindingDraft {
  const [first, second] = a.issueDate <= b.issueDate ? [a, b] : [b, a];
  const severity: Severity = sameNumber && near ? 'high' : sameNumber ? 'medium' : 'low';
  const why = [sameNumber ? 'the same number once normalised' : null, near ? 'near amounts' : null]
    .filter(Boolean)
    .join(' and ');
  const ids = [a.invoiceId, b.invoiceId].sort();
  return {
    kind: 'duplicate_invoice',
    severity,
    title: `Invoices ${first.number} and ${second.number} of one customer may be duplicates: ${why}`,
    dedupeKey: `duplicate_invoice:${ids.join(':')}`,
    occurredAt: new Date(`${second.issueDate}T00:00:00Z`),
    evidence: {
      records: [],
      customerId: a.customerId,
      invoiceId: second.invoiceId,
      facts: {
        invoices: [first, second].map((i) => ({ ...i, totalMinor: i.totalMinor.toString() })),
        normalisedNumbers: [normaliseNumber(first.number), normaliseNumber(second.number)],
        daysApart: daysBetween(first.issueDate, second.issueDate),
        differenceMinor: absBig(a.totalMinor - b.totalMinor).toString(),
        sameNumber,
        nearAmount: near,
      },
    },
  };
}

/** One finding per pair of issued (not voided) invoices that look like one invoice entered twice. */
export function detectDuplicateInvoices(
  pairs: readonly (readonly [InvoiceFact, InvoiceFact])[],
  policy: AnomalyPolicy['duplicateInvoice'],
): FindingDraft[] {
  return pairs.flatMap(([a, b]) => {
    if (a.invoiceId === b.invoiceId || a.customerId !== b.customerId || a.currency !== b.currency) return [];
    if (a.status === 'void' || b.status === 'void' || a.status === 'draft' || b.status === 'draft') return [];
    if (Math.abs(daysBetween(a.issueDate, b.issueDate)) > policy.windowDays) return [];
    const sameNumber = normaliseNumber(a.number) === normaliseNumber(b.number);
    const near = nearAmounts(a.totalMinor, b.totalMinor, policy.amountShare, policy.amountToleranceMinor);
    return sameNumber || near ? [invoicePairFinding(a, b, sameNumber, near)] : [];
  });
}

/** One finding per pair of receipts of one customer: same amount and currency, same reference, days apart. */
export function detectDuplicatePayments(
  pairs: readonly (readonly [ReceiptFact, ReceiptFact])[],
  policy: AnomalyPolicy['duplicatePayment'],
): FindingDraft[] {
  return pairs.flatMap(([a, b]) => {
    if (a.receiptId === b.receiptId || a.customerId !== b.customerId || a.currency !== b.currency) return [];
    if (a.amountMinor !== b.amountMinor || !a.reference || !b.reference) return [];
    const ref = normaliseNumber(a.reference);
    if (ref === '' || ref !== normaliseNumber(b.reference)) return [];
    const days = Math.abs(daysBetween(a.receivedOn, b.receivedOn));
    if (days > policy.windowDays) return [];
    const [first, second] = a.receivedOn <= b.receivedOn ? [a, b] : [b, a];
    const ids = [a.receiptId, b.receiptId].sort();
    return [
      {
        kind: 'duplicate_payment' as const,
        severity: 'medium' as const,
        title: `Two receipts of ${a.amountMinor} ${a.currency} (minor units) with reference ${first.reference} ${days} days apart`,
        dedupeKey: `duplicate_payment:${ids.join(':')}`,
        occurredAt: new Date(`${second.receivedOn}T00:00:00Z`),
        evidence: {
          records: [],
          customerId: a.customerId,
          receiptId: second.receiptId,
          facts: {
            receipts: [first, second].map((r) => ({ ...r, amountMinor: r.amountMinor.toString() })),
            normalisedReference: ref,
            daysApart: days,
          },
        },
      },
    ];
  });
}
