/**
 * The operations an approval can hold back, one definition each: how a request is resolved and
 * validated (`prepare`: ids instead of names, the amount and customer the policy and the rules
 * read), and how it runs (`run`: the owning module's use case, in the caller's transaction).
 * The same `run` serves a request that needs no approval and one a checker approves.
 */
import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { actingAs } from '../../shared/acting-as.ts';
import { parseAmount } from '../../shared/money.ts';
import type { TxDeps } from '../core-deps.ts';
import {
  releaseHoldInput,
  releaseHoldInTx,
  setCreditLimitInput,
  setCreditLimitInTx,
} from '../credit/index.ts';
import { customerPatch, getCustomer, getCustomerRowOrThrow, updateCustomerInTx } from '../customers/index.ts';
import { getPolicyOrThrow, policyPatch, updatePolicyInTx } from '../dunning/index.ts';
import {
  creditInvoiceInput,
  creditInvoiceInTx,
  getInvoiceRowOrThrow,
  writeOffInvoiceInput,
  writeOffInvoiceInTx,
} from '../invoices/index.ts';
import {
  allocateInput,
  allocateReceiptInTx,
  disburseInput,
  getReceiptDetail,
  refundReceiptInTx,
  writeOffUnappliedInTx,
} from '../receipts/index.ts';
import type { ApprovalKind } from './approval-policy.ts';

/** What the gate and the rules need to know of one request. */
export interface OperationFacts {
  /** False when this request is not of the guarded kind at all (an allocation within one customer). */
  readonly guarded: boolean;
  readonly amountMinor: bigint | null;
  readonly currency: string | null;
  readonly customerId: string | null;
  readonly objectType: 'invoice' | 'receipt' | 'customer' | 'dunning_policy';
  readonly objectId: string;
  /** One line for lists: what would happen. */
  readonly summary: string;
}

/** One operation: its stored payload's schema, how to prepare a request, how to run it. */
export interface Operation<P, R> {
  readonly kind: ApprovalKind;
  readonly schema: z.ZodType<P>;
  prepare(tx: Tx, tenantId: string, request: P): Promise<{ payload: P; facts: OperationFacts }>;
  run(tx: Tx, deps: TxDeps, tenantId: string, payload: P): Promise<R>;
  /** The ids of what `run` created or changed, kept on the request as its result. */
  resultIds(result: R): Record<string, string>;
}

const who = () => actingAs() ?? { keyId: null, userId: null, name: 'system' };

const invoicePayload = <S extends z.ZodType>(input: S) =>
  z.object({ invoice: z.string().min(1), input }).strict();
const receiptPayload = <S extends z.ZodType>(input: S) =>
  z.object({ receipt: z.string().min(1), input }).strict();
const customerPayload = <S extends z.ZodType>(input: S) =>
  z.object({ customer: z.string().min(1), input }).strict();

/** Amount given, or the default (the whole open or unapplied amount). */
function amountOr(given: string | undefined, currency: string, whole: bigint): bigint {
  return given === undefined ? whole : parseAmount(given, currency, 'amount');
}

export const invoiceWriteOff: Operation<
  z.infer<ReturnType<typeof invoicePayload<typeof writeOffInvoiceInput>>>,
  { invoiceId: string }
> = {
  kind: 'invoice.write_off',
  schema: invoicePayload(writeOffInvoiceInput),
  async prepare(tx, tenantId, request) {
    const input = writeOffInvoiceInput.parse(request.input);
    const invoice = await getInvoiceRowOrThrow(tx, tenantId, request.invoice);
    const amountMinor = amountOr(input.amount, invoice.currency, invoice.openMinor);
    return {
      payload: { invoice: invoice.invoiceId, input },
      facts: {
        guarded: true,
        amountMinor,
        currency: invoice.currency,
        customerId: invoice.customerId,
        objectType: 'invoice',
        objectId: invoice.invoiceId,
        summary: `write off ${invoice.number ?? invoice.invoiceId}: ${input.reason}`,
      },
    };
  },
  run: (tx, deps, tenantId, p) => writeOffInvoiceInTx(tx, deps, tenantId, p.invoice, p.input),
  resultIds: (r) => ({ invoiceId: r.invoiceId }),
};

export const invoiceCreditNote: Operation<
  z.infer<ReturnType<typeof invoicePayload<typeof creditInvoiceInput>>>,
  Awaited<ReturnType<typeof creditInvoiceInTx>>
> = {
  kind: 'invoice.credit_note',
  schema: invoicePayload(creditInvoiceInput),
  async prepare(tx, tenantId, request) {
    const input = creditInvoiceInput.parse(request.input);
    const invoice = await getInvoiceRowOrThrow(tx, tenantId, request.invoice);
    return {
      payload: { invoice: invoice.invoiceId, input },
      facts: {
        guarded: true,
        amountMinor: amountOr(input.amount, invoice.currency, invoice.openMinor),
        currency: invoice.currency,
        customerId: invoice.customerId,
        objectType: 'invoice',
        objectId: invoice.invoiceId,
        summary: `credit note for ${invoice.number ?? invoice.invoiceId}: ${input.reason}`,
      },
    };
  },
  run: (tx, deps, tenantId, p) => creditInvoiceInTx(tx, deps, tenantId, p.invoice, p.input),
  resultIds: (r) => ({ invoiceId: r.invoice.invoiceId, creditNoteId: r.creditNote.invoiceId }),
};

type ReceiptDetail = Awaited<ReturnType<typeof getReceiptDetail>>;
type DisbursePayload = z.infer<ReturnType<typeof receiptPayload<typeof disburseInput>>>;

function disbursement(
  kind: 'receipt.refund' | 'receipt.write_off',
  run: typeof refundReceiptInTx,
): Operation<DisbursePayload, ReceiptDetail> {
  const verb = kind === 'receipt.refund' ? 'refund' : 'write off unapplied cash of';
  return {
    kind,
    schema: receiptPayload(disburseInput),
    async prepare(tx, tenantId, request) {
      const input = disburseInput.parse(request.input);
      const { receipt } = await getReceiptDetail(tx, tenantId, request.receipt);
      return {
        payload: { receipt: receipt.receiptId, input },
        facts: {
          guarded: true,
          amountMinor: amountOr(input.amount, receipt.currency, receipt.unappliedMinor),
          currency: receipt.currency,
          customerId: receipt.customerId,
          objectType: 'receipt',
          objectId: receipt.receiptId,
          summary: `${verb} receipt ${receipt.reference ?? receipt.receiptId}${input.reason ? `: ${input.reason}` : ''}`,
        },
      };
    },
    run: (tx, deps, tenantId, p) => run(tx, deps, tenantId, p.receipt, p.input),
    resultIds: (r) => ({ receiptId: r.receipt.receiptId }),
  };
}

export const receiptRefund = disbursement('receipt.refund', refundReceiptInTx);
export const receiptWriteOff = disbursement('receipt.write_off', writeOffUnappliedInTx);

export const crossCustomerAllocation: Operation<
  z.infer<ReturnType<typeof receiptPayload<typeof allocateInput>>>,
  ReceiptDetail
> = {
  kind: 'receipt.cross_customer_allocation',
  schema: receiptPayload(allocateInput),
  async prepare(tx, tenantId, request) {
    const input = allocateInput.parse(request.input);
    const { receipt } = await getReceiptDetail(tx, tenantId, request.receipt);
    let crossing = 0n;
    const resolved = [];
    for (const [i, a] of input.allocations.entries()) {
      const invoice = await getInvoiceRowOrThrow(tx, tenantId, a.invoice);
      if (invoice.customerId !== receipt.customerId)
        crossing += parseAmount(a.amount, invoice.currency, `allocations[${i}].amount`);
      resolved.push({ ...a, invoice: invoice.invoiceId });
    }
    return {
      payload: { receipt: receipt.receiptId, input: { ...input, allocations: resolved } },
      facts: {
        guarded: crossing > 0n,
        amountMinor: crossing,
        currency: receipt.currency,
        customerId: receipt.customerId,
        objectType: 'receipt',
        objectId: receipt.receiptId,
        summary: `allocate receipt ${receipt.reference ?? receipt.receiptId} to another customer's invoices`,
      },
    };
  },
  run: (tx, deps, tenantId, p) =>
    allocateReceiptInTx(tx, deps, tenantId, p.receipt, p.input.allocations, p.input.date),
  resultIds: (r) => ({ receiptId: r.receipt.receiptId }),
};

type CreditStatusResult = { customerId: string };

export const creditLimitIncrease: Operation<
  z.infer<ReturnType<typeof customerPayload<typeof setCreditLimitInput>>>,
  CreditStatusResult
> = {
  kind: 'customer.credit_limit_increase',
  schema: customerPayload(setCreditLimitInput),
  async prepare(tx, tenantId, request) {
    const input = setCreditLimitInput.parse(request.input);
    const customer = await getCustomerRowOrThrow(tx, tenantId, request.customer);
    const next = input.limit === null ? null : parseAmount(input.limit, customer.currency, 'limit');
    const before = customer.creditLimitMinor;
    // Removing a limit is the largest increase there is: no amount, so any threshold is crossed.
    const increase = next === null ? null : before === null ? 0n : next - before;
    return {
      payload: { customer: customer.customerId, input },
      facts: {
        guarded: before !== null && (increase === null || increase > 0n),
        amountMinor: increase,
        currency: increase === null ? null : customer.currency,
        customerId: customer.customerId,
        objectType: 'customer',
        objectId: customer.customerId,
        summary: `raise the credit limit of ${customer.externalId} to ${input.limit ?? 'none'}`,
      },
    };
  },
  run: async (tx, deps, tenantId, p) => {
    await setCreditLimitInTx(tx, deps, tenantId, p.customer, p.input, who());
    return { customerId: p.customer };
  },
  resultIds: (r) => ({ customerId: r.customerId }),
};

export const holdRelease: Operation<
  z.infer<ReturnType<typeof customerPayload<typeof releaseHoldInput>>>,
  CreditStatusResult
> = {
  kind: 'credit_hold.release',
  schema: customerPayload(releaseHoldInput),
  async prepare(tx, tenantId, request) {
    const input = releaseHoldInput.parse(request.input);
    const customer = await getCustomerRowOrThrow(tx, tenantId, request.customer);
    return {
      payload: { customer: customer.customerId, input },
      facts: customerFacts(customer, `release the credit hold of ${customer.externalId}`),
    };
  },
  run: async (tx, deps, tenantId, p) => {
    await releaseHoldInTx(tx, deps, tenantId, p.customer, p.input, who());
    return { customerId: p.customer };
  },
  resultIds: (r) => ({ customerId: r.customerId }),
};

function customerFacts(customer: { customerId: string }, summary: string): OperationFacts {
  return {
    guarded: true,
    amountMinor: null,
    currency: null,
    customerId: customer.customerId,
    objectType: 'customer',
    objectId: customer.customerId,
    summary,
  };
}

export const bankDetailsChange: Operation<
  z.infer<ReturnType<typeof customerPayload<typeof customerPatch>>>,
  { customerId: string }
> = {
  kind: 'customer.bank_details',
  schema: customerPayload(customerPatch),
  async prepare(tx, tenantId, request) {
    const input = customerPatch.parse(request.input);
    const customer = await getCustomer(tx, tenantId, request.customer);
    const before = [...customer.bankAccounts].sort().join(',');
    const after = input.bankAccounts === undefined ? before : [...input.bankAccounts].sort().join(',');
    return {
      payload: { customer: customer.id, input },
      facts: {
        ...customerFacts({ customerId: customer.id }, `change the bank accounts of ${customer.externalId}`),
        guarded: before !== after,
      },
    };
  },
  run: async (tx, _deps, tenantId, p) => {
    const view = await updateCustomerInTx(tx, tenantId, p.customer, p.input);
    return { customerId: view.id };
  },
  resultIds: (r) => ({ customerId: r.customerId }),
};

export const dunningPolicyChange: Operation<
  { policy: string; input: z.infer<typeof policyPatch> },
  { policyId: string }
> = {
  kind: 'dunning_policy.update',
  schema: z.object({ policy: z.string().min(1), input: policyPatch }).strict(),
  async prepare(tx, tenantId, request) {
    const input = policyPatch.parse(request.input);
    const policy = await getPolicyOrThrow(tx, tenantId, request.policy);
    return {
      payload: { policy: policy.policyId, input },
      facts: {
        guarded: true,
        amountMinor: null,
        currency: null,
        customerId: null,
        objectType: 'dunning_policy',
        objectId: policy.policyId,
        summary: `change dunning policy ${policy.name}`,
      },
    };
  },
  run: async (tx, deps, tenantId, p) => {
    const policy = await updatePolicyInTx(tx, deps, tenantId, p.policy, p.input);
    return { policyId: policy.policyId };
  },
  resultIds: (r) => ({ policyId: r.policyId }),
};

/** Run a stored payload of any kind (what an approval executes); returns the result's ids. */
export type Executor = (
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  payload: unknown,
) => Promise<Record<string, string>>;

function executor<P, R>(op: Operation<P, R>): Executor {
  return async (tx, deps, tenantId, payload) =>
    op.resultIds(await op.run(tx, deps, tenantId, op.schema.parse(payload)));
}

export const EXECUTORS: Record<ApprovalKind, Executor> = {
  'invoice.write_off': executor(invoiceWriteOff),
  'invoice.credit_note': executor(invoiceCreditNote),
  'receipt.refund': executor(receiptRefund),
  'receipt.write_off': executor(receiptWriteOff),
  'receipt.cross_customer_allocation': executor(crossCustomerAllocation),
  'customer.credit_limit_increase': executor(creditLimitIncrease),
  'credit_hold.release': executor(holdRelease),
  'customer.bank_details': executor(bankDetailsChange),
  'dunning_policy.update': executor(dunningPolicyChange),
};
