/** /v1/ledger: the journal, single entries, the trial balance and the AR reconciliation. */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { getInvoiceRowOrThrow } from '../../modules/invoices/index.ts';
import { findJournalEntry } from '../../modules/ledger/index.ts';
import { bankTieOutView, reconcileBooks } from '../../modules/reconciliation/index.ts';
import { getTenantOrThrow } from '../../modules/tenants/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { formatAmount } from '../../shared/money.ts';
import { principalOf } from '../auth.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { type Api, errors, idParam } from './common.ts';
import {
  journalEntryJson,
  journalEntrySchema,
  reconciliationSchema,
  trialBalanceSchema,
} from './ledger.schemas.ts';
import { reconciliationTables, trialBalanceTables } from './ledger-export.ts';
import { sendExport } from './report-exports.ts';
import { exportFormat, exportResponse } from './reports.schemas.ts';

const tags = ['ledger'];

const m = formatAmount;

/** Registers each route of the module (one small function per route, below). */
export function ledgerRoutes(app: Api, deps: CoreDeps): void {
  listJournalRoute(app, deps);
  getJournalEntryRoute(app, deps);
  getTrialBalanceRoute(app, deps);
  exportTrialBalanceRoute(app, deps);
  getReconciliationRoute(app, deps);
  exportReconciliationRoute(app, deps);
}

function listJournalRoute(app: Api, deps: CoreDeps): void {
  app.get('/ledger/journal', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listJournal',
      summary: 'Journal entries in posting order',
      querystring: z.object(pageQuery),
      response: { 200: pageOf(journalEntrySchema), ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      const after = BigInt(decodeCursor(req.query.cursor, 'int') ?? '0');
      const { baseCurrency } = await getTenantOrThrow(deps.db, tenantId);
      const rows = await deps.ledger.journal(deps.db, tenantId, after, req.query.limit + 1);
      const page = rows.slice(0, req.query.limit);
      const last = page.at(-1)?.head;
      return {
        items: page.map((e) => journalEntryJson(e, baseCurrency)),
        nextCursor: rows.length > req.query.limit && last ? encodeCursor(String(last.entryNo)) : null,
      };
    },
  });
}

function getJournalEntryRoute(app: Api, deps: CoreDeps): void {
  app.get('/ledger/entries/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getJournalEntry',
      summary: 'One journal entry with its lines',
      params: idParam('journal entry id (UUID)'),
      response: { 200: journalEntrySchema, ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      const found = isUuid(req.params.id) ? await findJournalEntry(deps.db, tenantId, req.params.id) : null;
      if (!found) throw notFound('journal entry', req.params.id);
      const { baseCurrency } = await getTenantOrThrow(deps.db, tenantId);
      return journalEntryJson(found, baseCurrency);
    },
  });
}

/** The trial balance as the API shows it (JSON and exports). */
async function trialBalanceJson(deps: CoreDeps, tenantId: string) {
  const { baseCurrency } = await getTenantOrThrow(deps.db, tenantId);
  const lines = await deps.ledger.trialBalance(deps.db, tenantId);
  const byCurrency = new Map<string, { debit: bigint; credit: bigint }>();
  let baseDebit = 0n;
  let baseCredit = 0n;
  for (const l of lines) {
    const t = byCurrency.get(l.currency) ?? { debit: 0n, credit: 0n };
    byCurrency.set(l.currency, { debit: t.debit + l.debitMinor, credit: t.credit + l.creditMinor });
    baseDebit += l.baseDebitMinor;
    baseCredit += l.baseCreditMinor;
  }
  return {
    baseCurrency,
    lines: lines.map((l) => ({
      accountCode: l.accountCode,
      accountName: l.accountName,
      accountType: l.accountType,
      currency: l.currency,
      debit: m(l.debitMinor, l.currency),
      credit: m(l.creditMinor, l.currency),
      balance: m(l.balanceMinor, l.currency),
      baseDebit: m(l.baseDebitMinor, baseCurrency),
      baseCredit: m(l.baseCreditMinor, baseCurrency),
    })),
    totals: [...byCurrency].map(([currency, t]) => ({
      currency,
      debit: m(t.debit, currency),
      credit: m(t.credit, currency),
      balance: m(t.debit - t.credit, currency),
    })),
    baseTotals: {
      debit: m(baseDebit, baseCurrency),
      credit: m(baseCredit, baseCurrency),
      balance: m(baseDebit - baseCredit, baseCurrency),
    },
  };
}

function getTrialBalanceRoute(app: Api, deps: CoreDeps): void {
  app.get('/ledger/trial-balance', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getTrialBalance',
      summary: 'Trial balance per account and currency, with totals',
      response: { 200: trialBalanceSchema, ...errors },
    },
    handler: async (req) => trialBalanceJson(deps, principalOf(req).tenantId),
  });
}

function exportTrialBalanceRoute(app: Api, deps: CoreDeps): void {
  app.get('/ledger/trial-balance/export', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'exportTrialBalance',
      summary: 'The trial balance as CSV or XLSX',
      description:
        'One row per account and currency, as GET /v1/ledger/trial-balance; XLSX adds a Totals sheet (per currency and in the base currency).',
      querystring: z.object({ format: exportFormat }),
      response: { 200: exportResponse, ...errors },
    },
    handler: async (req, reply) => {
      const tb = await trialBalanceJson(deps, principalOf(req).tenantId);
      const today = todayUtc(deps.clock.now());
      return sendExport(reply, req.query.format, `trial-balance-${today}`, trialBalanceTables(tb));
    },
  });
}

/** The reconciliation as the API shows it (JSON and exports). */
async function reconciliationJson(deps: CoreDeps, tenantId: string) {
  const r = await reconcileBooks(deps.db, deps, tenantId);
  const mismatches = await Promise.all(
    r.invoiceMismatches.map(async (x) => {
      const { currency } = await getInvoiceRowOrThrow(deps.db, tenantId, x.invoiceId);
      return {
        invoiceId: x.invoiceId,
        number: x.number,
        currency,
        open: m(x.openMinor, currency),
        ledger: m(x.ledgerMinor, currency),
      };
    }),
  );
  return {
    balanced: r.balanced,
    currencies: r.currencies.map((c) => ({
      currency: c.currency,
      arControl: m(c.arControlMinor, c.currency),
      subledger: m(c.subledgerMinor, c.currency),
      difference: m(c.differenceMinor, c.currency),
    })),
    invoiceMismatches: mismatches,
    bankAccounts: r.bankAccounts.map(bankTieOutView),
  };
}

function getReconciliationRoute(app: Api, deps: CoreDeps): void {
  app.get('/ledger/reconciliation', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getReconciliation',
      summary:
        "AR subledger to AR control account tie-out, per currency; each bank account's cash account to its booked lines",
      response: { 200: reconciliationSchema, ...errors },
    },
    handler: async (req) => reconciliationJson(deps, principalOf(req).tenantId),
  });
}

function exportReconciliationRoute(app: Api, deps: CoreDeps): void {
  app.get('/ledger/reconciliation/export', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'exportReconciliation',
      summary: 'The AR reconciliation as CSV or XLSX',
      description:
        'CSV: one row per currency (AR control, subledger, difference), as GET /v1/ledger/reconciliation; XLSX adds the invoices whose open amount differs from their ledger balance.',
      querystring: z.object({ format: exportFormat }),
      response: { 200: exportResponse, ...errors },
    },
    handler: async (req, reply) => {
      const r = await reconciliationJson(deps, principalOf(req).tenantId);
      const today = todayUtc(deps.clock.now());
      return sendExport(reply, req.query.format, `ar-reconciliation-${today}`, reconciliationTables(r));
    },
  });
}
