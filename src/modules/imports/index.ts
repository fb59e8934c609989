/** The imports module's door: all that other modules, the adapters and the jobs may use of it. */
export { importCustomersCsv } from './customers-import.ts';
export { importInvoicesCsv } from './invoices-import.ts';
