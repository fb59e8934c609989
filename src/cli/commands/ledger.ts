import { bankTieOutView, reconcileBooks } from '../../modules/reconciliation/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { EXIT_FAILED } from '../exit-codes.ts';
import { table, toJson } from '../io.ts';
import type { CommandSpec } from './types.ts';

export const ledgerTrialBalance: CommandSpec = {
  name: 'ledger trial-balance',
  usage: 'cashloop ledger trial-balance [--json]',
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const lines = await runtime.deps.ledger.trialBalance(runtime.deps.db, runtime.tenant.tenantId);
    const base = runtime.tenant.baseCurrency;
    const accounts = lines.map((l) => ({
      account: l.accountCode,
      name: l.accountName,
      type: l.accountType,
      currency: l.currency,
      debit: formatAmount(l.debitMinor, l.currency),
      credit: formatAmount(l.creditMinor, l.currency),
      balance: formatAmount(l.balanceMinor, l.currency),
      baseBalance: formatAmount(l.baseDebitMinor - l.baseCreditMinor, base),
    }));
    const perCurrency = new Map<string, bigint>();
    for (const l of lines) perCurrency.set(l.currency, (perCurrency.get(l.currency) ?? 0n) + l.balanceMinor);
    const baseSum = lines.reduce((s, l) => s + l.baseDebitMinor - l.baseCreditMinor, 0n);
    const balanced = [...perCurrency.values()].every((v) => v === 0n) && baseSum === 0n;
    if (values.json) {
      io.stdout(toJson({ baseCurrency: base, balanced, accounts }));
      return balanced ? 0 : EXIT_FAILED;
    }
    io.stdout(
      table(
        ['ACCOUNT', 'NAME', 'CUR', 'DEBIT', 'CREDIT', 'BALANCE', `BALANCE (${base})`],
        accounts.map((a) => [a.account, a.name, a.currency, a.debit, a.credit, a.balance, a.baseBalance]),
        [3, 4, 5, 6],
      ),
    );
    io.stdout(
      balanced ? 'Debits equal credits in every currency and in the base currency.\n' : 'NOT BALANCED\n',
    );
    return balanced ? 0 : EXIT_FAILED;
  },
};

export const ledgerReconcile: CommandSpec = {
  name: 'ledger reconcile',
  usage: 'cashloop ledger reconcile [--json]',
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const r = await reconcileBooks(runtime.deps.db, runtime.deps, runtime.tenant.tenantId);
    const currencies = r.currencies.map((c) => ({
      currency: c.currency,
      arControl: formatAmount(c.arControlMinor, c.currency),
      subledger: formatAmount(c.subledgerMinor, c.currency),
      difference: formatAmount(c.differenceMinor, c.currency),
    }));
    const mismatches = r.invoiceMismatches.map((m) => ({
      invoiceId: m.invoiceId,
      number: m.number,
      open: m.openMinor.toString(),
      ledger: m.ledgerMinor.toString(),
    }));
    const bankAccounts = r.bankAccounts.map(bankTieOutView);
    if (values.json) {
      io.stdout(toJson({ balanced: r.balanced, currencies, invoiceMismatches: mismatches, bankAccounts }));
      return r.balanced ? 0 : EXIT_FAILED;
    }
    io.stdout(
      table(
        ['CUR', 'AR CONTROL', 'SUBLEDGER', 'DIFFERENCE'],
        currencies.map((c) => [c.currency, c.arControl, c.subledger, c.difference]),
        [1, 2, 3],
      ),
    );
    for (const m of mismatches)
      io.stdout(`invoice ${m.number ?? m.invoiceId}: open ${m.open} ≠ ledger ${m.ledger} (minor units)\n`);
    if (bankAccounts.length > 0)
      io.stdout(
        table(
          ['BANK ACCOUNT', 'CUR', 'CASH ACCOUNT', 'LEDGER', 'BOOKED LINES', 'REFUNDS', 'DIFFERENCE'],
          bankAccounts.map((b) => [
            b.account,
            b.currency,
            b.cashAccount,
            b.ledger,
            b.bookedLines,
            b.refunds,
            b.difference,
          ]),
          [3, 4, 5, 6],
        ),
      );
    io.stdout(
      r.balanced
        ? `Balanced: AR subledger = AR control account in every currency${bankAccounts.length > 0 ? "; every bank account's cash account = its booked lines − refunds" : ''}.\n`
        : 'NOT BALANCED\n',
    );
    return r.balanced ? 0 : EXIT_FAILED;
  },
};
