/**
 * Statement import: parse a file (format detected unless named), check each statement, register
 * accounts seen for the first time (each with its own cash account in the chart), and store every
 * transaction exactly once — re-imported and overlapping statements add only what is new and say
 * how many lines were skipped. A file that cannot be read is rejected whole; nothing is stored.
 */
import { createHash } from 'node:crypto';
import { type Tx, withTransaction } from '../../db/client.ts';
import { refreshStatistics } from '../../db/statistics.ts';
import { isKnownCurrency } from '../../shared/currency.ts';
import { flatMapYielding, yieldToEventLoop } from '../../shared/event-loop.ts';
import { formatIban } from '../../shared/iban.ts';
import { newId } from '../../shared/ids.ts';
import { formatAmount } from '../../shared/money.ts';
import { runOffThread } from '../../shared/off-thread.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import * as repo from './bank.repository.ts';
import { parseStatementFile } from './parse-statement.ts';
import type { ParsedFile } from './statement.ts';
import {
  balanceDifference,
  type ParsedEntry,
  type ParsedStatement,
  type StatementFormat,
  StatementSyntaxError,
} from './statement.ts';

export interface StatementImportOptions {
  readonly format?: StatementFormat;
  readonly csvProfile?: string;
  readonly dryRun?: boolean;
}

export interface StatementImportReport {
  statementRef: string | null;
  account: string;
  currency: string;
  newAccount: boolean;
  ledgerAccount: string;
  fromDate: string | null;
  toDate: string | null;
  opening: string | null;
  closing: string | null;
  /** Opening + entries = closing? null when the file states no balances. */
  balanced: boolean | null;
  difference: string | null;
  entries: number;
  imported: number;
  skipped: number;
  /** Entries the bank marks as pending (not booked): not imported. */
  pending: number;
  warnings: string[];
}

export interface StatementImportResult {
  format: StatementFormat;
  dryRun: boolean;
  statements: StatementImportReport[];
  totals: { entries: number; imported: number; skipped: number };
}

/**
 * Files above this many characters are parsed in a worker thread: a 49 MB camt.053 takes about
 * 4 s of CPU to parse, in which the process answered nothing else (docs/reliability.md).
 */
export const OFF_THREAD_ABOVE = 1024 * 1024;

async function parseOffThreadWhenLarge(
  text: string,
  opts: { format?: StatementFormat; csvProfile?: string },
): Promise<ParsedFile> {
  if (text.length <= OFF_THREAD_ABOVE) return parseStatementFile(text, opts);
  const parsed = await runOffThread<ParsedFile>(
    new URL('./parse-statement.ts', import.meta.url).href,
    'parseStatementFile',
    [text, opts],
  );
  await yieldToEventLoop();
  return parsed;
}

/** Thrown inside the transaction of a dry run so that nothing is kept. */
class DryRunRollback extends Error {
  constructor(readonly result: StatementImportResult) {
    super('dry run');
  }
}

function accountKeyOf(s: ParsedStatement, index: number): string {
  const key = s.account.iban ?? s.account.accountNumber;
  if (!key)
    throw new StatementSyntaxError(
      `statement ${index + 1}${s.statementId ? ` (${s.statementId})` : ''} names no account (IBAN or account number)`,
      s.entries[0]?.line ?? null,
    );
  return key;
}

function checkCurrency(s: ParsedStatement, index: number): void {
  if (!isKnownCurrency(s.currency))
    throw new StatementSyntaxError(
      `statement ${index + 1} has no known currency (got "${s.currency}")`,
      s.entries[0]?.line ?? null,
    );
}

/**
 * The identity of a transaction on its account, stable across re-imports and overlapping
 * statements: the bank's reference with date and amount when it has one; otherwise its content,
 * numbered among identical lines of the same statement (two equal coffees on one day stay two).
 */
export function dedupeKeys(entries: readonly ParsedEntry[]): string[] {
  const seen = new Map<string, number>();
  return entries.map((e) => {
    const base = e.bankReference
      ? `ref|${e.bankReference}|${e.bookingDate}|${e.amountMinor}`
      : `txt|${e.bookingDate}|${e.valueDate ?? ''}|${e.amountMinor}|${e.currency}|${e.counterparty.iban ?? e.counterparty.accountNumber ?? ''}|${e.counterparty.name ?? ''}|${e.remittance.join(' ')}|${e.endToEndId ?? ''}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const key = n === 1 ? base : `${base}|#${n}`;
    return key.length > 400 ? `sha|${createHash('sha256').update(key).digest('hex')}` : key;
  });
}

function transactionRow(
  tenantId: string,
  bankAccountId: string,
  statementId: string,
  e: ParsedEntry,
  dedupeKey: string,
): repo.NewBankTransactionRow {
  return {
    tenantId,
    transactionId: newId(),
    bankAccountId,
    statementId,
    dedupeKey,
    bankReference: e.bankReference,
    bookingDate: e.bookingDate,
    valueDate: e.valueDate,
    amountMinor: e.amountMinor,
    currency: e.currency,
    transactionCode: e.transactionCode,
    counterpartyName: e.counterparty.name,
    counterpartyIban: e.counterparty.iban,
    counterpartyAccount: e.counterparty.accountNumber,
    counterpartyBic: e.counterparty.bic,
    ultimateParty: e.ultimateParty,
    remittance: e.remittance.join('\n'),
    structuredReferences: [...e.structuredReferences],
    endToEndId: e.endToEndId,
    reversal: e.reversal,
  };
}

export async function importBankStatement(
  deps: CoreDeps,
  tenantId: string,
  text: string,
  opts: StatementImportOptions = {},
): Promise<StatementImportResult> {
  const parsed = await parseOffThreadWhenLarge(text, {
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts.csvProfile ? { csvProfile: opts.csvProfile } : {}),
  });
  if (parsed.statements.length === 0) throw new StatementSyntaxError('the file holds no statement', null);
  parsed.statements.forEach((s, i) => {
    checkCurrency(s, i);
    accountKeyOf(s, i);
  });
  const fileSha256 = createHash('sha256').update(text).digest('hex');
  await yieldToEventLoop();
  try {
    const result = await withTransaction(deps.db, async (tx) => {
      const reports: StatementImportReport[] = [];
      for (const [index, s] of parsed.statements.entries())
        reports.push(await importStatementInTx(tx, deps, tenantId, s, accountKeyOf(s, index), fileSha256));
      const result = resultOf(parsed.format, opts.dryRun === true, reports);
      if (opts.dryRun) throw new DryRunRollback(result);
      return result;
    });
    await refreshStatistics(deps.db, ['bank_transactions'], result.totals.imported);
    return result;
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}

/** Store one statement and its transactions not seen before, registering its account if new. */
async function importStatementInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  s: ParsedStatement,
  accountKey: string,
  fileSha256: string,
): Promise<StatementImportReport> {
  const found = await repo.findBankAccount(tx, tenantId, accountKey, s.currency);
  const account = found ?? (await registerAccountInTx(tx, deps, tenantId, s, accountKey));
  // Pending entries are not booked yet: a later statement books them (and they import then).
  const booked = s.entries.filter((e) => e.pending !== true);
  const keys = dedupeKeys(booked);
  await yieldToEventLoop();
  const known = await repo.existingDedupeKeys(tx, tenantId, account.bankAccountId, keys);
  const statementId = newId();
  const rows = await flatMapYielding(booked, (e, i) => {
    const key = keys[i] ?? '';
    if (known.has(key)) return [];
    known.add(key);
    return [transactionRow(tenantId, account.bankAccountId, statementId, e, key)];
  });
  await repo.insertStatement(tx, {
    tenantId,
    statementId,
    bankAccountId: account.bankAccountId,
    format: s.format,
    bankStatementRef: s.statementId,
    fileSha256,
    fromDate: s.fromDate,
    toDate: s.toDate,
    openingMinor: s.openingBalance?.amountMinor ?? null,
    closingMinor: s.closingBalance?.amountMinor ?? null,
    currency: s.currency,
    entryCount: s.entries.length,
    importedCount: rows.length,
    skippedCount: booked.length - rows.length,
    warnings: [...s.warnings],
  });
  await repo.insertTransactions(tx, rows);
  const counts = {
    imported: rows.length,
    skipped: booked.length - rows.length,
    pending: s.entries.length - booked.length,
  };
  await recordAudit(tx, tenantId, {
    kind: 'bank_statement.imported',
    objectType: 'bank_statement',
    objectId: statementId,
    details: {
      fileSha256,
      format: s.format,
      account: accountKey,
      bankAccountId: account.bankAccountId,
      newAccount: found === null,
      currency: s.currency,
      statementRef: s.statementId,
      entries: s.entries.length,
      ...counts,
    },
  });
  return reportOf(s, accountKey, account.ledgerAccountCode, found === null, counts);
}

/** An account seen for the first time: registered with a cash account of its own in the chart. */
async function registerAccountInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  s: ParsedStatement,
  accountKey: string,
) {
  const label = s.account.iban ? formatIban(s.account.iban) : accountKey;
  const ledgerAccountCode = await deps.ledger.openCashAccount(
    tx,
    tenantId,
    `Bank ${s.currency} ${label}`.slice(0, 200),
  );
  return repo.insertBankAccount(tx, {
    tenantId,
    bankAccountId: newId(),
    accountKey,
    iban: s.account.iban,
    accountNumber: s.account.accountNumber,
    bic: s.account.bic,
    currency: s.currency,
    name: s.account.name,
    ledgerAccountCode,
  });
}

function reportOf(
  s: ParsedStatement,
  accountKey: string,
  ledgerAccount: string,
  newAccount: boolean,
  counts: { imported: number; skipped: number; pending: number },
): StatementImportReport {
  const money = (m: bigint | undefined) => (m === undefined ? null : formatAmount(m, s.currency));
  const difference = balanceDifference(s);
  return {
    statementRef: s.statementId,
    account: accountKey,
    currency: s.currency,
    newAccount,
    ledgerAccount,
    fromDate: s.fromDate,
    toDate: s.toDate,
    opening: money(s.openingBalance?.amountMinor),
    closing: money(s.closingBalance?.amountMinor),
    balanced: difference === null ? null : difference === 0n,
    difference: difference === null ? null : formatAmount(difference, s.currency),
    entries: s.entries.length,
    ...counts,
    warnings: [...s.warnings],
  };
}

function resultOf(
  format: StatementFormat,
  dryRun: boolean,
  statements: StatementImportReport[],
): StatementImportResult {
  const total = (f: (r: StatementImportReport) => number) => statements.reduce((n, r) => n + f(r), 0);
  return {
    format,
    dryRun,
    statements,
    totals: {
      entries: total((r) => r.entries),
      imported: total((r) => r.imported),
      skipped: total((r) => r.skipped),
    },
  };
}
