/** The trial balance and the AR reconciliation as export tables, from their JSON (same figures). */
import { text } from '../../shared/xlsx.ts';
import { type ExportTable, moneyCell } from './report-exports.ts';

interface TrialBalanceJson {
  baseCurrency: string;
  lines: {
    accountCode: string;
    accountName: string;
    accountType: string;
    currency: string;
    debit: string;
    credit: string;
    balance: string;
    baseDebit: string;
    baseCredit: string;
  }[];
  totals: { currency: string; debit: string; credit: string; balance: string }[];
  baseTotals: { debit: string; credit: string; balance: string };
}

export function trialBalanceTables(tb: TrialBalanceJson): ExportTable[] {
  const base = tb.baseCurrency;
  const accounts: ExportTable = {
    name: 'Trial balance',
    header: [
      'account_code',
      'account_name',
      'account_type',
      'currency',
      'debit',
      'credit',
      'balance',
      'base_currency',
      'base_debit',
      'base_credit',
    ],
    rows: tb.lines.map((l) => [
      text(l.accountCode),
      text(l.accountName),
      text(l.accountType),
      text(l.currency),
      moneyCell(l.debit, l.currency),
      moneyCell(l.credit, l.currency),
      moneyCell(l.balance, l.currency),
      text(base),
      moneyCell(l.baseDebit, base),
      moneyCell(l.baseCredit, base),
    ]),
  };
  const totals: ExportTable = {
    name: 'Totals',
    header: ['currency', 'debit', 'credit', 'balance'],
    rows: [
      ...tb.totals.map((t) => [
        text(t.currency),
        moneyCell(t.debit, t.currency),
        moneyCell(t.credit, t.currency),
        moneyCell(t.balance, t.currency),
      ]),
      [
        text(`${base} (base)`),
        moneyCell(tb.baseTotals.debit, base),
        moneyCell(tb.baseTotals.credit, base),
        moneyCell(tb.baseTotals.balance, base),
      ],
    ],
  };
  return [accounts, totals];
}

interface ReconciliationJson {
  balanced: boolean;
  currencies: { currency: string; arControl: string; subledger: string; difference: string }[];
  invoiceMismatches: {
    invoiceId: string;
    number: string | null;
    currency: string;
    open: string;
    ledger: string;
  }[];
}

export function reconciliationTables(r: ReconciliationJson): ExportTable[] {
  const currencies: ExportTable = {
    name: 'AR reconciliation',
    header: ['currency', 'ar_control', 'subledger', 'difference'],
    rows: r.currencies.map((c) => [
      text(c.currency),
      moneyCell(c.arControl, c.currency),
      moneyCell(c.subledger, c.currency),
      moneyCell(c.difference, c.currency),
    ]),
  };
  const mismatches: ExportTable = {
    name: 'Invoice mismatches',
    header: ['invoice_id', 'invoice_number', 'currency', 'open', 'ledger'],
    rows: r.invoiceMismatches.map((x) => [
      text(x.invoiceId),
      x.number === null ? null : text(x.number),
      text(x.currency),
      moneyCell(x.open, x.currency),
      moneyCell(x.ledger, x.currency),
    ]),
  };
  return [currencies, mismatches];
}
