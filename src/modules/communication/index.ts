/** The communication module's door: all that other modules, the adapters and the jobs may use of it. */

export type { ArPackRun } from './ar-pack-delivery.service.ts';
export { previousMonth, renderMonthlyArPack, sendMonthlyArPack } from './ar-pack-delivery.service.ts';
export {
  deliverInvoicesIssuedFrom,
  deliverySettingsInput,
  getDeliverySettings,
  updateDeliverySettings,
} from './delivery-settings.service.ts';
export { dunningSeams } from './dunning-letters.service.ts';
export { deliverIssuedInvoices, sendInvoice } from './invoice-delivery.service.ts';
export { printLettersInput } from './letter-printing.input.ts';
export type { PrintBatch } from './letter-printing.service.ts';
export { getDunningLetterPdf, printLetters, recordLetterPrinted } from './letter-printing.service.ts';
export { onMessageSettled } from './message-outcomes.ts';
export { purgeCommunicationData } from './purge.ts';
export { previousMonthEnd, sendMonthlyStatements, sendStatement } from './statement-delivery.service.ts';
