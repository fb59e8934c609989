/**
 * The snapshot a new batch is rendered with: the ERP account of every cashloop account its lines
 * name (an unmapped account refuses the export, naming it), the customers' references and debtor
 * accounts (DATEV: a customer without one gets the next free number of the debtor range), and the
 * invoices' document numbers.
 */
import type { Tx } from '../../db/client.ts';
import { validationFailed } from '../../shared/errors.ts';
import type { CoreDeps } from '../core-deps.ts';
import { customerRefs } from '../customers/index.ts';
import { getInvoicesByIds } from '../invoices/index.ts';
import * as repo from './erp.repository.ts';
import type { DatevOptions, ExportEntry, ExportSnapshot } from './export.types.ts';

export interface SnapshotHead {
  readonly batchNo: number;
  readonly createdAt: string;
  readonly baseCurrency: string;
  readonly datev: DatevOptions | null;
}

const distinct = <T>(xs: readonly (T | null)[]) => [...new Set(xs.filter((x): x is T => x !== null))];

export async function buildSnapshot(
  tx: Tx,
  deps: Pick<CoreDeps, 'ledger'>,
  tenantId: string,
  entries: readonly ExportEntry[],
  head: SnapshotHead,
): Promise<ExportSnapshot> {
  const lines = entries.flatMap((e) => e.lines);
  const arAccount = await deps.ledger.codeFor(tx, tenantId, 'ar_control');
  const accounts = await mappedAccountsOrThrow(
    tx,
    tenantId,
    distinct(lines.map((l) => l.accountCode)),
    head.datev,
  );
  const customerIds = distinct(lines.map((l) => l.customerId));
  const arCustomers = distinct(lines.map((l) => (l.accountCode === arAccount ? l.customerId : null)));
  if (head.datev) await assignDebtorAccounts(tx, tenantId, arCustomers, head.datev);
  const debtors = await repo.customerAccounts(tx, tenantId, customerIds);
  const refs = await customerRefs(tx, tenantId, customerIds);
  const invoices = await getInvoicesByIds(tx, tenantId, distinct(lines.map((l) => l.invoiceId)));
  return {
    ...head,
    arAccount,
    accounts,
    customers: Object.fromEntries(
      customerIds.map((id) => [id, { ref: refs.get(id)?.externalId ?? '', debtor: debtors.get(id) ?? '' }]),
    ),
    documents: Object.fromEntries(invoices.flatMap((i) => (i.number ? [[i.invoiceId, i.number]] : []))),
  };
}

async function mappedAccountsOrThrow(
  tx: Tx,
  tenantId: string,
  codes: readonly string[],
  datev: DatevOptions | null,
): Promise<Record<string, string>> {
  const mapped = new Map((await repo.listMappings(tx, tenantId)).map((m) => [m.accountCode, m.erpAccount]));
  const missing = codes.filter((c) => !mapped.has(c)).sort();
  if (missing.length > 0)
    throw validationFailed(
      `no ERP account is mapped for cashloop account${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: map ${missing.length > 1 ? 'them' : 'it'} first (cashloop ledger erp-map)`,
      missing.map((c) => ({ field: `accounts.${c}`, message: 'not mapped to an ERP account' })),
    );
  const pattern = datev ? new RegExp(`^[0-9]{1,${datev.accountLength}}$`) : null;
  const bad = pattern ? codes.filter((c) => !pattern.test(mapped.get(c) ?? '')) : [];
  if (datev && bad.length > 0)
    throw validationFailed(
      `DATEV needs G/L accounts of at most ${datev.accountLength} digits; cashloop account ${bad.join(', ')} maps to ${bad.map((c) => mapped.get(c)).join(', ')}`,
      bad.map((c) => ({ field: `accounts.${c}`, message: 'not a DATEV G/L account number' })),
    );
  return Object.fromEntries(codes.map((c) => [c, mapped.get(c) ?? '']));
}

/** DATEV's debtor range for a G/L account length L: 1·10^L … 7·10^L − 1 (SKR03/04 convention). */
export function debtorRange(accountLength: number): { from: bigint; to: bigint } {
  const unit = 10n ** BigInt(accountLength);
  return { from: unit, to: 7n * unit - 1n };
}

async function assignDebtorAccounts(
  tx: Tx,
  tenantId: string,
  customerIds: readonly string[],
  datev: DatevOptions,
): Promise<void> {
  const have = await repo.customerAccounts(tx, tenantId, customerIds);
  const missing = customerIds.filter((id) => !have.has(id)).sort();
  if (missing.length === 0) return;
  const range = debtorRange(datev.accountLength);
  const next = ((await repo.highestDebtorIn(tx, tenantId, range.from, range.to)) ?? range.from - 1n) + 1n;
  if (next + BigInt(missing.length) - 1n > range.to)
    throw validationFailed(`the DATEV debtor range ${range.from}–${range.to} has no free number left`);
  await repo.insertCustomerAccounts(
    tx,
    tenantId,
    missing.map((customerId, i) => ({ customerId, erpAccount: String(next + BigInt(i)) })),
  );
}
