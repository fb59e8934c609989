/** A bank statement import as the API reports it: what was read, stored and skipped. */
import { z } from 'zod';
import { STATEMENT_FORMATS } from '../../modules/bank/index.ts';

export const statementReport = z.object({
  statementRef: z.string().nullable(),
  account: z.string().describe('IBAN, else the bank account number'),
  currency: z.string(),
  newAccount: z.boolean().describe('first statement of this account: registered now'),
  ledgerAccount: z.string().describe("the account's own cash account in the chart"),
  fromDate: z.string().nullable(),
  toDate: z.string().nullable(),
  opening: z.string().nullable(),
  closing: z.string().nullable(),
  balanced: z
    .boolean()
    .nullable()
    .describe('opening + entries = closing; null when the file states no balances'),
  difference: z.string().nullable(),
  entries: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int().describe('already imported before (re-import or overlapping statement)'),
  pending: z.number().int().describe('entries the bank marks as pending (not booked yet): not imported'),
  warnings: z.array(z.string()),
});

export const importResult = z
  .object({
    format: z.enum(STATEMENT_FORMATS),
    dryRun: z.boolean(),
    statements: z.array(statementReport),
    totals: z.object({ entries: z.number().int(), imported: z.number().int(), skipped: z.number().int() }),
  })
  .meta({ id: 'StatementImport' });
