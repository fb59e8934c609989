/** The terms module's door: all that other modules, the adapters and the jobs may use of it. */

export type { PaymentTerms } from './payment-terms.ts';
export {
  describePaymentTerms,
  discountFor,
  dueDateFor,
  formatPaymentTerms,
  parsePaymentTerms,
  tryParsePaymentTerms,
} from './payment-terms.ts';
export { createPaymentTerms, listPaymentTerms, seedPaymentTerms } from './terms.service.ts';
