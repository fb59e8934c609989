/** Test data made through the services, so every invariant holds in it. */
import type { CoreDeps } from '../../src/modules/core-deps.ts';
import type { CustomerInput } from '../../src/modules/customers/customers.input.ts';
import { createCustomer } from '../../src/modules/customers/customers.service.ts';
import { createInvoice } from '../../src/modules/invoices/invoice-creation.service.ts';
import type { CreateInvoiceInput } from '../../src/modules/invoices/invoices.input.ts';

let seq = 0;

export function makeCustomer(deps: CoreDeps, tenantId: string, overrides: Partial<CustomerInput> = {}) {
  seq += 1;
  return createCustomer(deps.db, tenantId, {
    externalId: `C${String(seq).padStart(5, '0')}`,
    name: `Customer ${seq} GmbH`,
    ...overrides,
  });
}

/** An issued invoice of one line: `amount` net at `taxRate` %. */
export function issueInvoice(
  deps: CoreDeps,
  tenantId: string,
  customer: string,
  amount: string,
  overrides: Partial<CreateInvoiceInput> = {},
) {
  return createInvoice(deps, tenantId, {
    customer,
    issue: true,
    issueDate: '2026-03-01',
    lines: [{ description: 'Consulting', quantity: '1', unitPrice: amount, taxRate: '0' }],
    ...overrides,
  });
}
