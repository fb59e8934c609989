/**
 * The aging report as the API shows it.
 * Money is a decimal string in major units next to its currency, never a JSON number; dates are
 * 'YYYY-MM-DD', instants ISO 8601 strings.
 */
import { z } from 'zod';
import { date, money } from './common.ts';

const buckets = z.object({
  current: z.string(),
  '1-30': z.string(),
  '31-60': z.string(),
  '61-90': z.string(),
  '91+': z.string(),
});

export const agingReportSchema = z
  .object({
    asOf: date,
    currency: z.string(),
    basis: z.string(),
    total: money('open receivables'),
    buckets,
    unapplied: money('unapplied cash, not in the buckets'),
    customers: z.array(
      z.object({
        customerId: z.string(),
        externalId: z.string(),
        name: z.string(),
        total: z.string(),
        buckets,
        unapplied: z.string(),
      }),
    ),
  })
  .meta({ id: 'AgingReport' });
