import { alertsAdd, alertsCheck, alertsRules } from './alerts.ts';
import { anomaliesList, anomaliesScan } from './anomalies.ts';
import { apikeyCreate } from './apikey-create.ts';
import {
  approvalsApprove,
  approvalsCancel,
  approvalsList,
  approvalsPolicy,
  approvalsReject,
  approvalsShow,
} from './approvals.ts';
import { arPack, arPackSend } from './ar-pack.ts';
import { auditCheckpoint, auditVerify } from './audit.ts';
import { bankImport } from './bank-import.ts';
import { cashApply } from './cash-apply.ts';
import { creditCheck } from './credit-check.ts';
import { customersList } from './customers-list.ts';
import { customersRisk } from './customers-risk.ts';
import { demo } from './demo.ts';
import { disputesList } from './disputes-list.ts';
import { customersStatement, invoicesPdf } from './documents.ts';
import { dunningLettersPrint } from './dunning-letters.ts';
import { dunningPolicyAddPreset, dunningPolicyPresets } from './dunning-policy.ts';
import { dunningRun } from './dunning-run.ts';
import { invoicesEinvoice } from './einvoice.ts';
import { findingsConfirm, findingsDismiss, findingsList, findingsShow, monitoringScan } from './findings.ts';
import { forecast } from './forecast.ts';
import { fxExposureCommand, fxImport, fxRate, fxRates, fxRevalue } from './fx.ts';
import { goalsAdd, goalsAttainment, goalsList } from './goals.ts';
import { importCustomers, importInvoices } from './import.ts';
import { invoicesList } from './invoices-list.ts';
import { jobsList, jobsRun } from './jobs.ts';
import { kpi } from './kpi.ts';
import { ledgerReconcile, ledgerTrialBalance } from './ledger.ts';
import {
  ledgerErpDebtors,
  ledgerErpMap,
  ledgerErpReconcile,
  ledgerExport,
  ledgerExportBatches,
} from './ledger-erp.ts';
import { numberingList, numberingSet } from './numbering.ts';
import { messagesList, messagesRetry, outboxDeliver } from './outbox.ts';
import { promisesCheck } from './promises-check.ts';
import { remittanceImport } from './remittance-import.ts';
import { reportAging } from './report-aging.ts';
import { secretsRotate } from './secrets.ts';
import { invoicesDeliver, invoicesSend, statementsMonthly, statementsSend } from './send.ts';
import { SEPA_COMMANDS } from './sepa.ts';
import { start } from './start.ts';
import { userCreate, userList, userResetPassword } from './user.ts';
import { worker } from './worker.ts';
import { worklist } from './worklist.ts';

export type { CommandSpec } from './types.ts';

export const COMMANDS = [
  start,
  demo,
  importCustomers,
  importInvoices,
  bankImport,
  remittanceImport,
  fxImport,
  fxRate,
  fxRates,
  fxExposureCommand,
  fxRevalue,
  cashApply,
  customersList,
  customersRisk,
  invoicesList,
  invoicesPdf,
  invoicesEinvoice,
  customersStatement,
  apikeyCreate,
  userCreate,
  userList,
  userResetPassword,
  ledgerTrialBalance,
  ledgerReconcile,
  ledgerExport,
  ledgerExportBatches,
  ledgerErpMap,
  ledgerErpDebtors,
  ledgerErpReconcile,
  auditVerify,
  auditCheckpoint,
  approvalsList,
  approvalsShow,
  approvalsApprove,
  approvalsReject,
  approvalsCancel,
  approvalsPolicy,
  findingsList,
  findingsShow,
  findingsConfirm,
  findingsDismiss,
  monitoringScan,
  anomaliesScan,
  anomaliesList,
  secretsRotate,
  reportAging,
  forecast,
  kpi,
  outboxDeliver,
  messagesList,
  messagesRetry,
  worker,
  jobsList,
  jobsRun,
  dunningRun,
  dunningPolicyPresets,
  dunningPolicyAddPreset,
  dunningLettersPrint,
  invoicesSend,
  invoicesDeliver,
  statementsSend,
  statementsMonthly,
  arPack,
  arPackSend,
  worklist,
  promisesCheck,
  creditCheck,
  alertsCheck,
  alertsRules,
  alertsAdd,
  goalsAdd,
  goalsList,
  goalsAttainment,
  disputesList,
  numberingList,
  numberingSet,
  ...SEPA_COMMANDS,
];
