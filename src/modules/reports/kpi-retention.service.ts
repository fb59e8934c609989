/**
 * The KPI report's customer-base erosion and rework (docs/analytics.md, "Erosion and rework"): per
 * month or quarter against the period of the same kind just before, from the AR journal and the
 * credit notes' reasons (kpi-retention.repository.ts). By category: the report's `category` scope.
 */
import type { Queryable } from '../../db/client.ts';
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import type { Ratio } from '../../shared/decimal.ts';
import { percentage } from '../analytics/index.ts';
import { erosionRows, type PeriodPair, reworkRows } from './kpi-retention.repository.ts';
import type { KpiSelection } from './kpi-scope.ts';

export interface ErosionFigures {
  /** Customers with a payment applied to an invoice in the prior period; of them, none in this one. */
  payingPrior: bigint;
  payingLost: bigint;
  /** Credit sales of the prior period; of it, the customers billed then and not (net) in this one. */
  billedPriorMinor: bigint;
  billedLostMinor: bigint;
}

export interface ReworkReason {
  kind: 'credit_note' | 'void';
  reason: string | null;
  invoices: number;
}

export interface ReworkFigures {
  /** Distinct invoices credited or voided in the period; credited; voided. */
  invoices: number;
  credited: number;
  voided: number;
  /** Per kind and reason, most invoices first. */
  reasons: ReworkReason[];
}

export interface RetentionFigures {
  erosion: ErosionFigures;
  rework: ReworkFigures;
}

export interface RetentionKpis {
  /** Customers paying in the prior period who paid nothing in this one ÷ those paying then × 100. */
  customerErosionPct: Ratio | null;
  /** Prior billing of the customers not billed in this period ÷ the prior period's billing × 100. */
  revenueErosionPct: Ratio | null;
  /** Invoices credited or voided in the period ÷ invoices issued in it × 100. */
  reworkRatePct: Ratio | null;
}

/** A period from its first and last day, with the period of the same length (in months) just before. */
export function withPrior(start: CalendarDate, end: CalendarDate, months: 1 | 3): PeriodPair {
  let priorStart = start;
  for (let i = 0; i < months; i++) priorStart = `${addDays(priorStart, -1).slice(0, 7)}-01`;
  return { start, end, priorStart, priorEnd: addDays(start, -1) };
}

const NO_EROSION: ErosionFigures = {
  payingPrior: 0n,
  payingLost: 0n,
  billedPriorMinor: 0n,
  billedLostMinor: 0n,
};

/** A period without billing, payments or rework in it or the one before. */
export const NO_RETENTION: RetentionFigures = {
  erosion: NO_EROSION,
  rework: { invoices: 0, credited: 0, voided: 0, reasons: [] },
};

/** The erosion and rework figures of each period, in the order given. */
export async function retentionFigures(
  q: Queryable,
  tenantId: string,
  arCode: string,
  periods: readonly PeriodPair[],
  sel: KpiSelection,
): Promise<RetentionFigures[]> {
  if (periods.length === 0) return [];
  const erosion = await erosionRows(q, tenantId, arCode, periods, sel);
  const rework = await reworkRows(q, tenantId, arCode, periods, sel);
  return periods.map((p) => {
    const e = erosion.find((r) => r.start_date === p.start);
    const mine = rework.filter((r) => r.start_date === p.start);
    const count = (level: number, kind: string | null) =>
      mine.find((r) => r.level === level && r.kind === kind)?.invoices ?? 0;
    return {
      erosion: e
        ? {
            payingPrior: e.paying_prior,
            payingLost: e.paying_lost,
            billedPriorMinor: e.billed_prior,
            billedLostMinor: e.billed_lost,
          }
        : NO_EROSION,
      rework: {
        invoices: count(3, null),
        credited: count(1, 'credit_note'),
        voided: count(1, 'void'),
        reasons: mine
          .filter((r) => r.level === 0)
          .map((r) => ({ kind: r.kind as ReworkReason['kind'], reason: r.reason, invoices: r.invoices })),
      },
    };
  });
}

/** The erosion and rework KPIs of a period from its figures and the invoices issued in it. */
export function retentionKpis(f: RetentionFigures, invoicesIssued: bigint): RetentionKpis {
  return {
    customerErosionPct: percentage(f.erosion.payingLost, f.erosion.payingPrior),
    // Nothing (or less than nothing: credit notes) billed before: no base to erode.
    revenueErosionPct:
      f.erosion.billedPriorMinor > 0n
        ? percentage(f.erosion.billedLostMinor, f.erosion.billedPriorMinor)
        : null,
    reworkRatePct: percentage(BigInt(f.rework.invoices), invoicesIssued),
  };
}
