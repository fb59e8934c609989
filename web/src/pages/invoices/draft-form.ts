/** The draft editor's form state and the API body it becomes (POST /v1/invoices, PATCH, preview). */
import type { components } from '../../api/schema';

export interface LineForm {
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
}

export interface DraftForm {
  customer: string;
  paymentTerms: string;
  issueDate: string;
  poNumber: string;
  lines: LineForm[];
}

export const EMPTY_LINE: LineForm = { description: '', quantity: '1', unitPrice: '', taxRate: '19' };

export function emptyDraft(): DraftForm {
  return { customer: '', paymentTerms: '', issueDate: '', poNumber: '', lines: [{ ...EMPTY_LINE }] };
}

type Invoice = components['schemas']['InvoiceDetail'];

export function draftOfInvoice(i: Invoice): DraftForm {
  return {
    customer: i.customerId,
    paymentTerms: i.paymentTerms,
    issueDate: i.issueDate ?? '',
    poNumber: i.poNumber ?? '',
    lines: i.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      taxRate: l.taxRate,
    })),
  };
}

/** The body the API checks; empty optional fields are left out (the server applies its defaults). */
export function bodyOf(form: DraftForm) {
  return {
    customer: form.customer,
    ...(form.paymentTerms ? { paymentTerms: form.paymentTerms } : {}),
    ...(form.issueDate ? { issueDate: form.issueDate } : {}),
    ...(form.poNumber.trim() ? { poNumber: form.poNumber.trim() } : {}),
    lines: form.lines.map((l) => ({
      description: l.description.trim(),
      quantity: l.quantity.trim(),
      unitPrice: l.unitPrice.trim(),
      ...(l.taxRate.trim() ? { taxRate: l.taxRate.trim() } : {}),
    })),
  };
}

/** Worth asking the server to preview: a customer and every line priced. */
export function previewable(form: DraftForm): boolean {
  return (
    form.customer !== '' &&
    form.lines.length > 0 &&
    form.lines.every((l) => l.unitPrice.trim() !== '' && l.quantity.trim() !== '')
  );
}
