/** The crash test's customers and orders (the billing run invoices order n as `orderInput(n)`). */
import type { CreateInvoiceInput } from '../../src/modules/invoices/invoices.input.ts';

/** Customers of the crash set-up: `CR-0001` … (names look alike, as real masters do). */
export const CRASH_ORDER_CUSTOMERS = 400;

export function crashCustomerId(i: number): string {
  return `CR-${String(i + 1).padStart(4, '0')}`;
}

const FORMS = ['GmbH', 'AG', 'S.A.R.L.', 'Ltd.', 'B.V.', 'GmbH & Co. KG'];

/** The customers CSV of the set-up (e-mail addresses included: dunning e-mails them). */
export function crashCustomersCsv(count = CRASH_ORDER_CUSTOMERS): string {
  const rows = ['external_id,name,email,currency'];
  for (let i = 0; i < count; i++)
    rows.push(
      `${crashCustomerId(i)},"Nordlicht ${FORMS[i % FORMS.length]} ${Math.floor(i / FORMS.length)}",ap${i}@bücher-nordlicht.example,EUR`,
    );
  return `${rows.join('\n')}\n`;
}

/** Order n as the invoice that bills it (its order number is the PO number: the run's key). */
export function orderInput(n: number, customers: number): CreateInvoiceInput {
  return {
    customer: crashCustomerId(n % customers),
    issue: true,
    issueDate: '2026-11-30',
    poNumber: `ORD-${n}`,
    lines: [
      {
        description: 'Toner cartridges',
        quantity: String(1 + (n % 7)),
        unitPrice: `${19 + (n % 80)}.90`,
        taxRate: '19',
      },
      { description: 'Delivery', quantity: '1', unitPrice: '4.95', taxRate: '19' },
    ],
  };
}
