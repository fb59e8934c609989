import { apikeyCreate } from './apikey-create.ts';
import { bankImport } from './bank-import.ts';
import { cashApply } from './cash-apply.ts';
import { customersList } from './customers-list.ts';
import { demo } from './demo.ts';
import { dunningRun } from './dunning-run.ts';
import { importCustomers, importInvoices } from './import.ts';
import { invoicesList } from './invoices-list.ts';
import { ledgerReconcile, ledgerTrialBalance } from './ledger.ts';
import { reportAging } from './report-aging.ts';
import { start } from './start.ts';

export type { CommandSpec } from './types.ts';

export const COMMANDS = [
  start,
  demo,
  importCustomers,
  importInvoices,
  bankImport,
  cashApply,
  customersList,
  invoicesList,
  apikeyCreate,
  ledgerTrialBalance,
  ledgerReconcile,
  reportAging,
  dunningRun,
];
