/**
 * Dunning as the API shows it (shapes of src/modules/dunning/dunning-json.ts): policies, letters,
 * runs, customers' dunning state, presets, and printed letter batches.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { PrintBatch } from '../../modules/communication/index.ts';
import {
  CHANNELS,
  type CustomerDunning,
  DAY_COUNTS,
  type DunningRun,
  LETTER_STATUSES,
  policyInput,
  RUN_NOTICE_CODES,
  SKIP_REASONS,
} from '../../modules/dunning/index.ts';
import { date, money } from './common.ts';

const perCurrency = z.record(z.string(), z.string()).describe('currency → decimal amount');

export const policySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    isDefault: z.boolean(),
    graceDays: z.number().int(),
    minimumAmounts: perCurrency,
    interest: z
      .object({
        dayCount: z.enum(DAY_COUNTS),
        marginPct: z.string(),
        baseRates: z.array(z.object({ effectiveFrom: date, ratePct: z.string() })),
      })
      .nullable(),
    finalInterestStatement: z
      .boolean()
      .describe(
        'interest from the last interest-charging letter to a late payment is charged as an open item',
      ),
    levels: z.array(
      z.object({
        level: z.number().int(),
        offsetDays: z.number().int(),
        templateKey: z.string(),
        channel: z.enum(CHANNELS),
        fees: perCurrency,
        chargesInterest: z.boolean(),
        handsOver: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'DunningPolicy' });

const letterInvoice = z.object({
  id: z.string(),
  number: z.string(),
  dueDate: date,
  daysOverdue: z.number().int().describe('negative before the due date'),
  level: z.number().int().describe('the level this invoice received in the letter'),
  open: money('open amount'),
  interest: money('interest charged on this invoice in the letter'),
  interestFrom: date.nullable(),
  interestThrough: date.nullable(),
});

const letterFields = {
  id: z.string().nullable().describe('null in a dry run'),
  runId: z.string().nullable(),
  asOf: date,
  customer: z.object({ id: z.string(), externalId: z.string(), name: z.string(), language: z.string() }),
  currency: z.string(),
  level: z.number().int().describe('the highest level among its invoices'),
  templateKey: z.string(),
  template: z
    .string()
    .describe("the message template its wording takes (dunning-1 … dunning-9), from the level's templateKey"),
  channel: z.enum(CHANNELS),
  status: z.enum(LETTER_STATUSES),
  open: money('open amount of its invoices'),
  overdue: money('of which past due'),
  fee: money('dunning fee'),
  interest: money('interest'),
  total: money('open + fee + interest'),
  charge: z
    .object({ id: z.string(), number: z.string() })
    .nullable()
    .describe('the open item (DUN series) carrying fee and interest'),
  handsOver: z.boolean(),
  printed: z
    .object({
      at: z.string().describe('ISO 8601 instant'),
      by: z.object({ name: z.string(), keyId: z.string().nullable(), userId: z.string().nullable() }),
    })
    .nullable()
    .describe('a letter of channel letter recorded as printed and posted: when, and by whom'),
};

export const letterSchema = z
  .object({ ...letterFields, invoices: z.array(letterInvoice) })
  .meta({ id: 'DunningLetter' });

export const letterDetailSchema = z
  .object({
    ...letterFields,
    invoices: z.array(
      letterInvoice.extend({
        interestDetail: z
          .object({
            exact: z
              .string()
              .describe('exact interest in minor units as a fraction, before the one rounding'),
            segments: z.array(
              z.object({
                from: date,
                through: date,
                days: z.number().int(),
                principal: money('principal open on these days'),
                ratePct: z.string(),
                divisor: z.number().int(),
              }),
            ),
          })
          .nullable(),
      }),
    ),
  })
  .meta({ id: 'DunningLetterDetail' });

export const runResultSchema = z
  .object({
    runId: z.string().nullable().describe('null in a dry run'),
    asOf: date,
    dryRun: z.boolean(),
    letters: z.array(letterSchema),
    skipped: z.array(
      z.object({
        customer: z.object({ id: z.string(), externalId: z.string() }),
        currency: z.string(),
        reason: z.enum(SKIP_REASONS),
        invoices: z.array(z.string()),
      }),
    ),
    summary: z.object({
      letters: z.number().int(),
      invoices: z.number().int(),
      skippedInvoices: z.number().int(),
    }),
    interestStatements: z
      .array(
        z.object({
          customer: z.object({ id: z.string(), externalId: z.string() }),
          currency: z.string(),
          interest: money('interest charged'),
          charge: z
            .object({ id: z.string(), number: z.string() })
            .nullable()
            .describe('the DUN open item carrying it; null in a dry run'),
          invoices: z.array(
            z.object({
              id: z.string(),
              number: z.string(),
              paidOn: date,
              interestFrom: date,
              interestThrough: date,
              interest: money('interest on this invoice'),
            }),
          ),
        }),
      )
      .describe(
        'final interest statements: interest from the last interest-charging letter to a late payment (policy finalInterestStatement)',
      ),
    notices: z
      .array(
        z.object({
          code: z.enum(RUN_NOTICE_CODES),
          count: z.number().int(),
          message: z.string(),
        }),
      )
      .describe(
        'why the run planned less than expected: overdue customers without a policy (no_policy), open items imported after asOf (imported_after_as_of), email letters sent to the print queue for want of an address (no_email_address)',
      ),
  })
  .meta({ id: 'DunningRunResult' });

export const runSchema = z
  .object({
    id: z.string(),
    asOf: date,
    letters: z.number().int(),
    invoices: z.number().int(),
    skippedInvoices: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'DunningRun' });

export const customerDunningSchema = z
  .object({
    customerId: z.string(),
    externalId: z.string(),
    policy: z
      .object({
        id: z.string(),
        name: z.string(),
        source: z.enum(['customer', 'subcategory', 'category', 'default']),
      })
      .nullable(),
    hold: z.object({ reason: z.string(), until: date.nullable(), since: z.string().nullable() }).nullable(),
    handedOver: z.object({ on: date, letterId: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'CustomerDunning' });

export const assignmentsSchema = z.object({
  defaultPolicyId: z.string().nullable(),
  categories: z.array(z.object({ categoryId: z.string(), policyId: z.string() })),
  customers: z.array(z.object({ customerId: z.string(), policyId: z.string() })),
});

export function customerDunningJson(c: CustomerDunning) {
  return {
    customerId: c.customerId,
    externalId: c.externalId,
    policy: c.policy ? { id: c.policy.policyId, name: c.policy.name, source: c.policy.source } : null,
    hold: c.hold
      ? { reason: c.hold.reason, until: c.hold.until, since: c.hold.since?.toISOString() ?? null }
      : null,
    handedOver: c.handedOver,
  };
}

export function runJson(r: DunningRun) {
  return {
    id: r.runId,
    asOf: r.asOf,
    letters: r.letterCount,
    invoices: r.noticeCount,
    skippedInvoices: r.skippedCount,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The batch's bytes, with what it holds in headers. */
export function sendBatch(reply: FastifyReply, batch: PrintBatch) {
  return reply
    .type('application/pdf')
    .headers({
      'content-disposition': `inline; filename="${batch.fileName}"`,
      'x-letter-count': String(batch.letterIds.length),
      'x-letter-ids': batch.letterIds.join(','),
      'x-letters-marked-sent': String(batch.markedSent),
      'x-letters-remaining': String(batch.remaining),
    })
    .send(Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength));
}

export const presetSchema = z
  .object({ key: z.string(), description: z.string(), policy: policyInput })
  .meta({ id: 'DunningPolicyPreset' });
