/** Input schemas of the erp module's commands; the API, the CLI and tests reuse them. */
import { z } from 'zod';
import { EXPORT_FORMATS } from './export.types.ts';

const erpAccount = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$/, 'an ERP account: 1–30 letters, digits, ".", "_" or "-"');

export const accountMappingsInput = z
  .object({
    mappings: z
      .array(z.object({ accountCode: z.string().min(1).max(20), erpAccount }).strict())
      .min(1)
      .max(500),
  })
  .strict();

export const customerAccountInput = z.object({ erpAccount }).strict();

export const datevOptionsInput = z
  .object({
    consultantNumber: z.number().int().min(1001).max(9_999_999).describe('Beraternummer'),
    clientNumber: z.number().int().min(1).max(99_999).describe('Mandantennummer'),
    accountLength: z.number().int().min(4).max(8).default(4).describe('Sachkontenlänge'),
    fiscalYearStartMonth: z
      .number()
      .int()
      .min(1)
      .max(12)
      .default(1)
      .describe('first month of the fiscal year'),
  })
  .strict();

export const exportRequestInput = z
  .object({ format: z.enum(EXPORT_FORMATS), datev: datevOptionsInput.optional() })
  .strict();
