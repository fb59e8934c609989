/**
 * A tenant's monitoring policy: who may issue invoices, in which numbering series and at which
 * hours, and the thresholds of the other detectors. Every field has a default (MONITORING_DEFAULTS);
 * a tenant stores only the whole policy it set (`PUT /v1/monitoring/policy`), checked by this schema.
 */
import { z } from 'zod';
import { ROLES } from '../apikeys/index.ts';
import { isTimeZone, minutesOf, WEEKDAYS } from './local-time.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time as HH:MM, 00:00 to 24:00');

export const monitoringPolicySchema = z
  .object({
    issue: z
      .object({
        allowedSeries: z
          .array(z.string().trim().min(1).max(40))
          .max(100)
          .nullable()
          .describe(
            'numbering series invoices may be issued in; null: every series the tenant has configured',
          ),
        allowedRoles: z
          .array(z.enum(ROLES))
          .min(1)
          .describe('roles of the users and API keys that may issue'),
        issuedBySystem: z.boolean().describe('whether scheduled jobs (dunning charges) may issue'),
        businessHours: z
          .object({
            timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Berlin'),
            start: hhmm,
            end: hhmm,
            days: z.array(z.enum(WEEKDAYS)).min(1).max(7),
          })
          .strict()
          .refine((h) => minutesOf(h.start) < minutesOf(h.end), {
            message: 'start must be before end',
            path: ['end'],
          })
          .nullable()
          .describe('when people and API keys may issue; null: at any time'),
      })
      .strict(),
    bankChangeRefundDays: z.number().int().min(1).max(365),
    newPlaceLookbackDays: z.number().int().min(1).max(365),
    failedSignIns: z
      .object({
        threshold: z.number().int().min(2).max(1000),
        windowMinutes: z.number().int().min(1).max(1440),
      })
      .strict(),
  })
  .strict();
export type MonitoringPolicy = z.infer<typeof monitoringPolicySchema>;

/** The defaults: the tenant's series; issuing roles that hold `write`; Mon–Fri 07:00–20:00 Berlin time. */
export const MONITORING_DEFAULTS: MonitoringPolicy = {
  issue: {
    allowedSeries: null,
    allowedRoles: ['admin', 'credit_manager', 'accountant'],
    issuedBySystem: true,
    businessHours: {
      timeZone: 'Europe/Berlin',
      start: '07:00',
      end: '20:00',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    },
  },
  bankChangeRefundDays: 30,
  newPlaceLookbackDays: 90,
  failedSignIns: { threshold: 5, windowMinutes: 15 },
};

/** The stored policy, or the defaults when none is stored (or it no longer parses). */
export function effectivePolicy(stored: unknown): MonitoringPolicy {
  if (stored === null || stored === undefined) return MONITORING_DEFAULTS;
  const parsed = monitoringPolicySchema.safeParse(stored);
  return parsed.success ? parsed.data : MONITORING_DEFAULTS;
}
