/**
 * The ledger: posts balanced entries inside the caller's transaction, reverses them, and reads
 * the journal, the trial balance and what the AR tie-out needs of it (reconciliation module). It never updates or deletes a posted line.
 */
import type { SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { actingAs } from '../../shared/acting-as.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { groupBy } from '../../shared/group-by.ts';
import { newId } from '../../shared/ids.ts';
import { type AccountRole, accountCodeFor, DEFAULT_CHART } from './chart-of-accounts.ts';
import {
  assertBalanced,
  type JournalEntryDraft,
  type JournalLineDraft,
  reversalOf,
} from './journal-entry.ts';
import * as repo from './ledger.repository.ts';

export interface TrialBalanceLine {
  accountCode: string;
  accountName: string;
  accountType: string;
  currency: string;
  debitMinor: bigint;
  creditMinor: bigint;
  balanceMinor: bigint;
  baseDebitMinor: bigint;
  baseCreditMinor: bigint;
}

/** The codes of bank accounts' own cash accounts (the default bank account is 1200). */
const CASH_ACCOUNT_CODES = { from: 1201, to: 1299 } as const;

/** A new tenant's chart of accounts: the default chart, in the tenant's creating transaction. */
export function seedChartOfAccounts(tx: Tx, tenantId: string): Promise<void> {
  return repo.seedChartOfAccounts(tx, tenantId);
}

/** One journal entry with its lines, as stored (null when the tenant has none with this id). */
export function findJournalEntry(q: Queryable, tenantId: string, entryId: string) {
  return repo.findEntry(q, tenantId, entryId);
}

/** The code of the account that has `role` in the tenant's chart (the seeded code when none has). */
export async function accountCodeOf(q: Queryable, tenantId: string, role: AccountRole): Promise<string> {
  return (await repo.loadAccountCodes(q, tenantId)).get(role) ?? accountCodeFor(role);
}

/**
 * Told of every entry posted, in the posting transaction, after its lines are written: the port
 * through which outbound webhooks hear of invoices issued and money received and applied
 * (implemented by webhooks, wired in `coreDeps()`). A failure rolls the posting back.
 */
export type PostedHook = (
  tx: Tx,
  tenantId: string,
  entries: readonly (JournalEntryDraft & { entryId: string })[],
) => Promise<unknown>;

export class LedgerService {
  private readonly codes = new Map<string, Map<AccountRole, string>>();

  constructor(private readonly onPosted: PostedHook | null = null) {}

  /** Post one balanced entry in `tx`; returns its id. */
  async post(tx: Tx, tenantId: string, draft: JournalEntryDraft): Promise<string> {
    const [id] = await this.postMany(tx, tenantId, [draft]);
    if (!id) throw new Error('post returned no id');
    return id;
  }

  /**
   * Post several entries at once (bulk imports); each must balance on its own. Each entry records
   * who posted it: the author of the running request (shared/acting-as.ts), else the system.
   */
  async postMany(tx: Tx, tenantId: string, drafts: readonly JournalEntryDraft[]): Promise<string[]> {
    for (const draft of drafts) assertBalanced(draft);
    const codes = await this.accountCodes(tx, tenantId);
    const entries = drafts.map((draft) => ({ entryId: newId(), draft }));
    await repo.insertEntries(tx, tenantId, entries, actingAs(), (role) => {
      const code = codes.get(role);
      if (!code) throw new AppError('invalid_state', `tenant has no account for role ${role}`);
      return code;
    });
    await this.onPosted?.(
      tx,
      tenantId,
      entries.map((e) => ({ ...e.draft, entryId: e.entryId })),
    );
    return entries.map((e) => e.entryId);
  }

  /** Post the exact opposite of entry `entryId`, linked to it. */
  async reverse(
    tx: Tx,
    tenantId: string,
    entryId: string,
    effectiveDate: CalendarDate,
    eventCode: string,
    reason?: string,
  ): Promise<string> {
    const original = await this.getEntry(tx, tenantId, entryId);
    return this.post(tx, tenantId, reversalOf(original, entryId, effectiveDate, eventCode, reason));
  }

  /** The first entry posted for a source document with this event code. */
  async findEntryIdBySource(
    q: Queryable,
    tenantId: string,
    sourceType: string,
    sourceId: string,
    eventCode: string,
  ): Promise<string> {
    const id = await repo.findEntryIdBySource(q, tenantId, sourceType, sourceId, eventCode);
    if (!id) throw notFound(`${eventCode} entry of ${sourceType}`, sourceId);
    return id;
  }

  async getEntry(q: Queryable, tenantId: string, entryId: string): Promise<JournalEntryDraft> {
    const found = await repo.findEntry(q, tenantId, entryId);
    if (!found) throw notFound('journal entry', entryId);
    const roleOf = await this.roleLookup(q, tenantId);
    return {
      eventCode: found.head.eventCode,
      effectiveDate: found.head.effectiveDate,
      description: found.head.description,
      ...(found.head.sourceType && found.head.sourceId
        ? { source: { type: found.head.sourceType, id: found.head.sourceId } }
        : {}),
      lines: found.lines.map(
        (l): JournalLineDraft => ({
          role: roleOf(l.accountCode),
          accountCode: l.accountCode,
          currency: l.currency,
          amountMinor: l.amountMinor,
          baseAmountMinor: l.baseAmountMinor,
          customerId: l.customerId,
          invoiceId: l.invoiceId,
          receiptId: l.receiptId,
          ...(l.memo ? { memo: l.memo } : {}),
        }),
      ),
    };
  }

  /** Journal entries in posting order, after the cursor `afterEntryNo`. */
  async journal(q: Queryable, tenantId: string, afterEntryNo: bigint, limit: number) {
    const heads = await repo.findEntriesAfter(q, tenantId, afterEntryNo, limit);
    const lines = groupBy(
      await repo.findLinesOfEntries(
        q,
        tenantId,
        heads.map((h) => h.entryId),
      ),
      (l) => l.entryId,
    );
    return heads.map((h) => ({ head: h, lines: lines.get(h.entryId) ?? [] }));
  }

  async trialBalance(q: Queryable, tenantId: string): Promise<TrialBalanceLine[]> {
    const rows = await repo.trialBalanceRows(q, tenantId);
    return rows.map((r) => ({
      accountCode: r.account_code,
      accountName: r.account_name,
      accountType: r.account_type,
      currency: r.currency,
      debitMinor: r.debit_minor,
      creditMinor: r.credit_minor,
      balanceMinor: r.debit_minor - r.credit_minor,
      baseDebitMinor: r.base_debit_minor,
      baseCreditMinor: r.base_credit_minor,
    }));
  }

  /** Proves AR subledger (open items − unapplied cash) = AR control account, per currency. */
  /** Σ base-currency amounts still on AR for an invoice, or for a receipt's unapplied part. */
  async arBaseBalance(
    q: Queryable,
    tenantId: string,
    of: { invoiceId: string } | { receiptId: string },
  ): Promise<bigint> {
    return repo.arBaseBalance(q, tenantId, await this.codeFor(q, tenantId, 'ar_control'), of);
  }

  /** The AR control account's balance per currency. */
  async arControlByCurrency(q: Queryable, tenantId: string): Promise<Map<string, bigint>> {
    const rows = await repo.arControlByCurrency(q, tenantId, await this.codeFor(q, tenantId, 'ar_control'));
    return new Map(rows.map((r) => [r.currency, r.balance_minor]));
  }

  /** The AR lines per invoice as a relation (`invoice_id`, `amount`) for another module's query. */
  async arPerInvoice(q: Queryable, tenantId: string): Promise<SQL> {
    return repo.arPerInvoice(tenantId, await this.codeFor(q, tenantId, 'ar_control'));
  }

  /**
   * The codes of `roles` in the tenant's chart, adding the seeded account of a role the chart lacks
   * (a tenant created before that role existed). Returned from `tx`, so lines may name them by
   * `accountCode` whatever this process cached before.
   */
  async ensureAccounts(
    tx: Tx,
    tenantId: string,
    roles: readonly AccountRole[],
  ): Promise<Map<AccountRole, string>> {
    const seeds = DEFAULT_CHART.filter((a) => roles.includes(a.role));
    await repo.insertAccountsForMissingRoles(tx, tenantId, seeds);
    this.codes.delete(tenantId);
    const codes = await repo.loadAccountCodes(tx, tenantId);
    for (const role of roles)
      if (!codes.has(role)) throw new AppError('invalid_state', `tenant has no account for role ${role}`);
    return new Map(roles.map((r) => [r, codes.get(r) ?? '']));
  }

  /** Whether the tenant's chart has account `code`. */
  hasAccount(q: Queryable, tenantId: string, code: string): Promise<boolean> {
    return repo.accountExists(q, tenantId, code);
  }

  /**
   * Open the cash account of a bank account registered now, in `tx`: the next free code of the
   * bank range 1201–1299, an asset account without a role of its own (lines that name it play the
   * `bank` role). Returns its code. Two imports registering accounts at once get two codes.
   */
  async openCashAccount(tx: Tx, tenantId: string, name: string): Promise<string> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const code = Math.max(
        CASH_ACCOUNT_CODES.from,
        ((await repo.highestCodeIn(tx, tenantId, 1200, 1299)) ?? 0) + 1,
      );
      if (code > CASH_ACCOUNT_CODES.to)
        throw new AppError('invalid_state', 'the chart has no free bank account code left in 1201–1299');
      const opened = await repo.insertAccountIfFree(tx, tenantId, {
        code: String(code),
        name,
        type: 'asset',
      });
      if (opened) return String(code);
    }
    throw new AppError(
      'conflict',
      'could not open a cash account: bank accounts are being registered at the same time',
    );
  }

  /** The balance of each of `codes` per currency (Σ debit − Σ credit of its journal lines). */
  async accountBalances(
    q: Queryable,
    tenantId: string,
    codes: readonly string[],
  ): Promise<{ accountCode: string; currency: string; balanceMinor: bigint }[]> {
    if (codes.length === 0) return [];
    const rows = await repo.balancesOfAccounts(q, tenantId, codes);
    return rows.map((r) => ({
      accountCode: r.account_code,
      currency: r.currency,
      balanceMinor: r.balance_minor,
    }));
  }

  async codeFor(q: Queryable, tenantId: string, role: AccountRole): Promise<string> {
    const code = (await this.accountCodes(q, tenantId)).get(role);
    if (!code) throw new AppError('invalid_state', `tenant has no account for role ${role}`);
    return code;
  }

  private async accountCodes(q: Queryable, tenantId: string): Promise<Map<AccountRole, string>> {
    const cached = this.codes.get(tenantId);
    if (cached) return cached;
    const codes = await repo.loadAccountCodes(q, tenantId);
    if (codes.size > 0) this.codes.set(tenantId, codes);
    return codes;
  }

  private async roleLookup(q: Queryable, tenantId: string): Promise<(code: string) => AccountRole> {
    const codes = await this.accountCodes(q, tenantId);
    const roles = new Map([...codes].map(([role, code]) => [code, role]));
    // Accounts without a role of their own are bank accounts' cash accounts (1201 …): `bank`.
    return (code) => roles.get(code) ?? 'bank';
  }
}
