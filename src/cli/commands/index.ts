import { apikeyCreate } from './apikey-create.ts';
import { bankImport } from './bank-import.ts';
import { cashApply } from './cash-apply.ts';
import { creditCheck } from './credit-check.ts';
import { customersList } from './customers-list.ts';
import { demo } from './demo.ts';
import { disputesList } from './disputes-list.ts';
import { importCustomers, importInvoices } from './import.ts';
import { invoicesList } from './invoices-list.ts';
import { ledgerReconcile, ledgerTrialBalance } from './ledger.ts';
import { promisesCheck } from './promises-check.ts';
import { reportAging } from './report-aging.ts';
import { start } from './start.ts';
import { worklist } from './worklist.ts';

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
  worklist,
  promisesCheck,
  creditCheck,
  disputesList,
];
