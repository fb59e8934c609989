/**
 * What a customer statement shows as of a date, per currency: the open items (number, dates,
 * original and open amount, days overdue, reference), the unapplied payments, the aging summary
 * (current, 1–30, 31–60, 61–90, 91+ days past due) and the total due = open items − unapplied.
 * Everything comes from the aging report's own source (`reports/aging.service`), so a statement
 * and the aging report as of the same date always agree.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type { BillTo } from '../invoices/index.ts';
import {
  AGING_BUCKETS,
  type AgingBuckets,
  type AgingItem,
  type AgingReport,
  type UnappliedItem,
} from '../reports/index.ts';
import type { Letterhead } from '../tenants/index.ts';
import type { DocumentLanguage } from './document-labels.ts';
import { documentReading } from './document-language.ts';

export interface StatementItem {
  number: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  totalMinor: bigint;
  openMinor: bigint;
  daysOverdue: number;
  paymentReference: string | null;
}

export interface StatementPayment {
  receivedOn: CalendarDate;
  reference: string | null;
  amountMinor: bigint;
  unappliedMinor: bigint;
}

export interface StatementSection {
  currency: string;
  items: StatementItem[];
  payments: StatementPayment[];
  buckets: AgingBuckets;
  totalOpenMinor: bigint;
  unappliedMinor: bigint;
  totalDueMinor: bigint;
}

export interface StatementDocument {
  asOf: CalendarDate;
  seller: Letterhead;
  customer: BillTo & { externalId: string };
  /** The one language of the statement and its locale (see document-language). */
  language: DocumentLanguage;
  locale: string;
  sections: StatementSection[];
}

export interface StatementSource {
  asOf: CalendarDate;
  seller: Letterhead;
  customer: BillTo & { externalId: string };
  /** The tenant's language: the statement's when the customer's has no labels. */
  companyLanguage: string | null;
  /** The customer's aging reports (one per currency) and the items behind them, due-date basis. */
  reports: readonly AgingReport[];
  items: readonly AgingItem[];
  unapplied: readonly UnappliedItem[];
}

function sectionOf(report: AgingReport, source: StatementSource): StatementSection {
  const items = source.items.filter((i) => i.currency === report.currency);
  const payments = source.unapplied.filter((u) => u.currency === report.currency);
  const section: StatementSection = {
    currency: report.currency,
    items: items.map((i) => ({
      number: i.number ?? '',
      issueDate: i.issue_date,
      dueDate: i.due_date ?? i.issue_date,
      totalMinor: i.total_minor,
      openMinor: i.open_minor,
      daysOverdue: Math.max(0, i.days),
      paymentReference: i.payment_reference,
    })),
    payments: payments.map((p) => ({
      receivedOn: p.received_on,
      reference: p.reference,
      amountMinor: p.amount_minor,
      unappliedMinor: p.unapplied_minor,
    })),
    buckets: { ...report.buckets },
    totalOpenMinor: report.totalMinor,
    unappliedMinor: report.unappliedMinor,
    totalDueMinor: report.totalMinor - report.unappliedMinor,
  };
  assertItemsAddUp(section, items);
  return section;
}

/** The items come from the report's own source; a difference would be a bug, never printed. */
function assertItemsAddUp(section: StatementSection, items: readonly AgingItem[]): void {
  for (const bucket of AGING_BUCKETS) {
    const sum = items.filter((i) => i.bucket === bucket).reduce((s, i) => s + i.open_minor, 0n);
    if (sum !== section.buckets[bucket])
      throw new Error(`statement ${section.currency}: items in ${bucket} do not add up to the aging`);
  }
  const unapplied = section.payments.reduce((s, p) => s + p.unappliedMinor, 0n);
  if (unapplied !== section.unappliedMinor)
    throw new Error(`statement ${section.currency}: unapplied receipts do not add up to the aging`);
}

/** The statement of one customer (see the module comment). A customer with nothing open has no sections. */
export function statementDocument(source: StatementSource): StatementDocument {
  return {
    asOf: source.asOf,
    seller: source.seller,
    customer: source.customer,
    ...documentReading(source.customer, source.companyLanguage, source.seller.country),
    sections: source.reports.map((r) => sectionOf(r, source)),
  };
}
