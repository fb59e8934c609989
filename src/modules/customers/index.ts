/** The customers module's door: all that other modules, the adapters and the jobs may use of it. */

export {
  categoriesRelation,
  customerCreditTerms,
  customerDirectoryRelation,
  customersRelation,
  customersTakingEmail,
  emailCustomersRelation,
  existingExternalIds,
  tenantHasCustomers,
} from './customer.reads.ts';
export { customerRefs } from './customer-refs.ts';
export type { CustomerInput, EinvoiceFormat, EinvoicePreference } from './customers.input.ts';
export {
  categoryInput,
  creditLimitAmount,
  currencyCode,
  customerInput,
  customerPatch,
  decimalAmount,
  EINVOICE_FORMATS,
  EINVOICE_PREFERENCES,
  einvoiceSettingsInput,
  paymentTermsCode,
} from './customers.input.ts';
export type { CustomerRow, CustomerView } from './customers.service.ts';
export {
  createCategory,
  createCategoryInTx,
  createCustomer,
  createCustomerInTx,
  findCustomersByIdOrExternalId,
  getCustomer,
  getCustomerRowOrThrow,
  listCategories,
  listCustomers,
  updateCustomer,
  updateCustomerInTx,
  upsertCustomer,
} from './customers.service.ts';
export { customerProfilesRelation } from './dunning.reads.ts';
export type { EinvoiceSettings } from './einvoice-settings.ts';
export { groupCustomerIds } from './group.reads.ts';
export type { CustomerImportRef } from './import.reads.ts';
export { customersByExternalId } from './import.reads.ts';
export {
  customersForMatching,
  learnPayerAccount,
  masterBankAccountsRelation,
  payerAccounts,
} from './matching.reads.ts';
export { purgeCustomers } from './purge.ts';
