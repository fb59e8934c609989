/** Zod schemas for SEPA commands (API and CLI share them). */
import { z } from 'zod';
import { ibanSchema } from '../../shared/iban.ts';
import { decimalAmount } from '../customers/index.ts';
import { calendarDate } from '../invoices/index.ts';
import { bicSchema } from '../tenants/index.ts';
import { isValidCreditorId, normalizeCreditorId } from './creditor-identifier.ts';
import { PAIN001_VERSIONS } from './pain001.ts';
import { PAIN008_VERSIONS } from './pain008.ts';
import { identifierProblem } from './sepa-text.ts';

export const creditorIdSchema = z
  .string()
  .transform(normalizeCreditorId)
  .refine(
    isValidCreditorId,
    'not a valid SEPA creditor identifier (country, check digits, business code, id)',
  );

export const sepaSettingsPatch = z
  .object({
    creditorId: creditorIdSchema.nullable().optional().describe('Gläubiger-ID, e.g. DE98ZZZ09999999999'),
    preNotificationDays: z
      .number()
      .int()
      .min(1)
      .max(60)
      .optional()
      .describe('days between the invoice (the pre-notification) and the collection; EPC default 14'),
  })
  .strict();
export type SepaSettingsPatch = z.infer<typeof sepaSettingsPatch>;

export const mandateReference = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    const problem = identifierProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const createMandateInput = z
  .object({
    customer: z.string().min(1).describe('customer id or external id'),
    reference: mandateReference.describe('mandate reference, unique per creditor (≤ 35, SEPA characters)'),
    signedOn: calendarDate,
    debtorName: z.string().trim().min(1).max(140).optional().describe("default: the customer's name"),
    iban: ibanSchema,
    bic: bicSchema.optional(),
    scheme: z.enum(['CORE', 'B2B']).default('CORE'),
    oneOff: z
      .boolean()
      .default(false)
      .describe('a one-off mandate (sequence OOFF), revoked after its collection'),
  })
  .strict();
export type CreateMandateInput = z.input<typeof createMandateInput>;

export const updateMandateInput = z
  .object({
    iban: ibanSchema
      .optional()
      .describe('a new debtor account: the next collection carries it as an amendment'),
    bic: bicSchema.nullable().optional(),
    debtorName: z.string().trim().min(1).max(140).optional(),
    finalCollection: z.boolean().optional().describe('the next collection is the last (FNAL); then revoked'),
  })
  .strict();
export type UpdateMandateInput = z.infer<typeof updateMandateInput>;

export const revokeMandateInput = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

export const collectInput = z
  .object({
    collectionDate: calendarDate.describe('requested collection date (a TARGET2 business day)'),
    version: z.enum(PAIN008_VERSIONS).default('001.08'),
  })
  .strict();
export type CollectInput = z.input<typeof collectInput>;

export const RETURN_REASONS = [
  'AC01',
  'AC04',
  'AC06',
  'AC13',
  'AG01',
  'AG02',
  'AM04',
  'AM05',
  'BE05',
  'CNOR',
  'DNOR',
  'FF01',
  'MD01',
  'MD02',
  'MD06',
  'MD07',
  'MS02',
  'MS03',
  'RC01',
  'RR01',
  'RR02',
  'RR03',
  'RR04',
  'SL01',
  'FOCR',
] as const;

export const returnInput = z
  .object({
    endToEndId: z.string().trim().min(1).max(35).describe('the EndToEndId of the collected transaction'),
    reasonCode: z
      .enum(RETURN_REASONS)
      .describe(
        'ISO 20022 return reason (e.g. AC04 account closed, MD01 no mandate, AM04 insufficient funds)',
      ),
    returnedOn: calendarDate,
    fee: decimalAmount.optional().describe('return fee the bank charged, booked to bank charges'),
  })
  .strict();
export type ReturnInput = z.infer<typeof returnInput>;

export const refundRunInput = z
  .object({
    executionDate: calendarDate,
    customer: z.string().min(1).optional().describe('only this customer (id or external id)'),
    version: z.enum(PAIN001_VERSIONS).default('001.09'),
  })
  .strict();
export type RefundRunInput = z.input<typeof refundRunInput>;
