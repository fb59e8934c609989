/** The customer-accounts module's door: the customer list read model (balances, holds, dunning, collector). */
export type { CustomerListQuery, CustomerSort } from './accounts.input.ts';
export { CUSTOMER_SORTS, customerListQuery } from './accounts.input.ts';
export type { CustomerAccount, CustomerAccountPage } from './accounts.service.ts';
export { getCustomerAccount, listCustomerAccounts } from './accounts.service.ts';
