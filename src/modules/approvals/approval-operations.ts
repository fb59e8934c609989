/**
 * The operations an approval can hold back, as one table: per kind, the object it acts on (how a
 * name is resolved to an id), the input schema, what the policy judges (amount, currency) and the
 * one line that describes it, and how it runs (the owning module's use case, in the caller's
 * transaction). The same row serves a request that needs no approval and one a checker approves;
 * at approval the request is judged again and refused when it would now move more than was judged.
 */
import { z } from 'zod';
import type { Queryable, Tx } from '../../db/client.ts';
import { actingAs } from '../../shared/acting-as.ts';
import { invalidState } from '../../shared/errors.ts';
import { formatAmount, parseAmount } from '../../shared/money.ts';
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

type ObjectType = 'invoice' | 'receipt' | 'customer' | 'dunning_policy';

/** What the gate and the rules need to know of one request. */
export interface OperationFacts {
  /** False when this request is not of the guarded kind at all (an allocation within one customer). */
  readonly guarded: boolean;
  readonly amountMinor: bigint | null;
  readonly currency: string | null;
  readonly customerId: string | null;
  readonly objectType: ObjectType;
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

/** The object an operation acts on, loaded by id or name: its id, customer and a label for lists. */
interface Target<T> {
  readonly id: string;
  readonly customerId: string | null;
  readonly label: string;
  readonly row: T;
}

/** How a kind of object is found: the payload's key for it, its type, and its loader. */
interface ObjectKind<K extends string, T> {
  readonly key: K;
  readonly type: ObjectType;
  load(q: Queryable, tenantId: string, ref: string): Promise<Target<T>>;
}

const invoiceObject: ObjectKind<'invoice', Awaited<ReturnType<typeof getInvoiceRowOrThrow>>> = {
  key: 'invoice',
  type: 'invoice',
  async load(q, tenantId, ref) {
    const row = await getInvoiceRowOrThrow(q, tenantId, ref);
    return { id: row.invoiceId, customerId: row.customerId, label: row.number ?? row.invoiceId, row };
  },
};

const receiptObject: ObjectKind<'receipt', Awaited<ReturnType<typeof getReceiptDetail>>['receipt']> = {
  key: 'receipt',
  type: 'receipt',
  async load(q, tenantId, ref) {
    const { receipt: row } = await getReceiptDetail(q, tenantId, ref);
    return { id: row.receiptId, customerId: row.customerId, label: row.reference ?? row.receiptId, row };
  },
};

const customerObject: ObjectKind<'customer', Awaited<ReturnType<typeof getCustomerRowOrThrow>>> = {
  key: 'customer',
  type: 'customer',
  async load(q, tenantId, ref) {
    const row = await getCustomerRowOrThrow(q, tenantId, ref);
    return { id: row.customerId, customerId: row.customerId, label: row.externalId, row };
  },
};

const policyObject: ObjectKind<'policy', Awaited<ReturnType<typeof getPolicyOrThrow>>> = {
  key: 'policy',
  type: 'dunning_policy',
  async load(q, tenantId, ref) {
    const row = await getPolicyOrThrow(q, tenantId, ref);
    return { id: row.policyId, customerId: null, label: row.name, row };
  },
};

/** What the policy judges of one request, and its input with names resolved to ids. */
interface Judgement<I> {
  readonly input: I;
  readonly summary: string;
  readonly amountMinor: bigint | null;
  readonly currency: string | null;
  /** Default true; false when the request is not of the guarded kind (see OperationFacts). */
  readonly guarded?: boolean;
}

/** One row of the table: a gated kind as data. */
interface OperationSpec<K extends string, T, I, R> {
  readonly kind: ApprovalKind;
  readonly object: ObjectKind<K, T>;
  readonly input: z.ZodType<I>;
  judge(tx: Tx, tenantId: string, target: Target<T>, input: I): Promise<Judgement<I>> | Judgement<I>;
  run(tx: Tx, deps: TxDeps, tenantId: string, objectId: string, input: I): Promise<R>;
  resultIds(result: R): Record<string, string>;
}

type Payload<K extends string, I> = { readonly [key in K]: string } & { readonly input: I };

/** The Operation of one table row: its payload is `{ <object key>: id or name, input }`. */
function operation<K extends string, T, I, R>(spec: OperationSpec<K, T, I, R>): Operation<Payload<K, I>, R> {
  const key = spec.object.key;
  const schema = z.object({ [key]: z.string().min(1), input: spec.input }).strict();
  return {
    kind: spec.kind,
    schema: schema as unknown as z.ZodType<Payload<K, I>>,
    async prepare(tx, tenantId, request) {
      const target = await spec.object.load(tx, tenantId, request[key]);
      const judged = await spec.judge(tx, tenantId, target, spec.input.parse(request.input));
      const payload = { [key]: target.id, input: judged.input } as Payload<K, I>;
      const facts: OperationFacts = {
        guarded: judged.guarded ?? true,
        amountMinor: judged.amountMinor,
        currency: judged.amountMinor === null ? null : judged.currency,
        customerId: target.customerId,
        objectType: spec.object.type,
        objectId: target.id,
        summary: judged.summary,
      };
      return { payload, facts };
    },
    run: (tx, deps, tenantId, p) => spec.run(tx, deps, tenantId, p[key], p.input),
    resultIds: spec.resultIds,
  };
}

const who = () => actingAs() ?? { keyId: null, userId: null, name: 'system' };

/** Amount given, or the default (the whole open or unapplied amount). */
function amountOr(given: string | undefined, currency: string, whole: bigint): bigint {
  return given === undefined ? whole : parseAmount(given, currency, 'amount');
}

export const invoiceWriteOff = operation({
  kind: 'invoice.write_off',
  object: invoiceObject,
  input: writeOffInvoiceInput,
  judge: (_tx, _t, { row, label }, input) => ({
    input,
    amountMinor: amountOr(input.amount, row.currency, row.openMinor),
    currency: row.currency,
    summary: `write off ${label}: ${input.reason}`,
  }),
  run: writeOffInvoiceInTx,
  resultIds: (r) => ({ invoiceId: r.invoiceId }),
});

export const invoiceCreditNote = operation({
  kind: 'invoice.credit_note',
  object: invoiceObject,
  input: creditInvoiceInput,
  judge: (_tx, _t, { row, label }, input) => ({
    input,
    amountMinor: amountOr(input.amount, row.currency, row.openMinor),
    currency: row.currency,
    summary: `credit note for ${label}: ${input.reason}`,
  }),
  run: creditInvoiceInTx,
  resultIds: (r) => ({ invoiceId: r.invoice.invoiceId, creditNoteId: r.creditNote.invoiceId }),
});

/** A refund or a write-off of a receipt's unapplied cash (the same input and object). */
function disbursement(kind: 'receipt.refund' | 'receipt.write_off', run: typeof refundReceiptInTx) {
  const verb = kind === 'receipt.refund' ? 'refund' : 'write off unapplied cash of';
  return operation({
    kind,
    object: receiptObject,
    input: disburseInput,
    judge: (_tx, _t, { row, label }, input) => ({
      input,
      amountMinor: amountOr(input.amount, row.currency, row.unappliedMinor),
      currency: row.currency,
      summary: `${verb} receipt ${label}${input.reason ? `: ${input.reason}` : ''}`,
    }),
    run,
    resultIds: (r) => ({ receiptId: r.receipt.receiptId }),
  });
}

export const receiptRefund = disbursement('receipt.refund', refundReceiptInTx);
export const receiptWriteOff = disbursement('receipt.write_off', writeOffUnappliedInTx);

export const crossCustomerAllocation = operation({
  kind: 'receipt.cross_customer_allocation',
  object: receiptObject,
  input: allocateInput,
  async judge(tx, tenantId, { row, label }, input) {
    let crossing = 0n;
    const allocations = [];
    for (const [i, a] of input.allocations.entries()) {
      const invoice = await getInvoiceRowOrThrow(tx, tenantId, a.invoice);
      if (invoice.customerId !== row.customerId)
        crossing += parseAmount(a.amount, invoice.currency, `allocations[${i}].amount`);
      allocations.push({ ...a, invoice: invoice.invoiceId });
    }
    return {
      input: { ...input, allocations },
      guarded: crossing > 0n,
      amountMinor: crossing,
      currency: row.currency,
      summary: `allocate receipt ${label} to another customer's invoices`,
    };
  },
  run: (tx, deps, tenantId, receiptId, input) =>
    allocateReceiptInTx(tx, deps, tenantId, receiptId, input.allocations, input.date),
  resultIds: (r) => ({ receiptId: r.receipt.receiptId }),
});

export const creditLimitIncrease = operation({
  kind: 'customer.credit_limit_increase',
  object: customerObject,
  input: setCreditLimitInput,
  judge(_tx, _t, { row, label }, input) {
    const next = input.limit === null ? null : parseAmount(input.limit, row.currency, 'limit');
    const before = row.creditLimitMinor;
    // Removing a limit is the largest increase there is: no amount, so any threshold is crossed.
    const increase = next === null ? null : before === null ? 0n : next - before;
    return {
      input,
      guarded: before !== null && (increase === null || increase > 0n),
      amountMinor: increase,
      currency: row.currency,
      summary: `raise the credit limit of ${label} to ${input.limit ?? 'none'}`,
    };
  },
  run: async (tx, deps, tenantId, customerId, input) => {
    await setCreditLimitInTx(tx, deps, tenantId, customerId, input, who());
    return { customerId };
  },
  resultIds: (r) => r,
});

export const holdRelease = operation({
  kind: 'credit_hold.release',
  object: customerObject,
  input: releaseHoldInput,
  judge: (_tx, _t, { label }, input) => ({
    input,
    amountMinor: null,
    currency: null,
    summary: `release the credit hold of ${label}`,
  }),
  run: async (tx, deps, tenantId, customerId, input) => {
    await releaseHoldInTx(tx, deps, tenantId, customerId, input, who());
    return { customerId };
  },
  resultIds: (r) => r,
});

const ibanSet = (ibans: readonly string[]) => [...ibans].sort().join(',');

export const bankDetailsChange = operation({
  kind: 'customer.bank_details',
  object: customerObject,
  input: customerPatch,
  async judge(tx, tenantId, { id, label }, input) {
    const before = ibanSet((await getCustomer(tx, tenantId, id)).bankAccounts);
    return {
      input,
      guarded: input.bankAccounts !== undefined && ibanSet(input.bankAccounts) !== before,
      amountMinor: null,
      currency: null,
      summary: `change the bank accounts of ${label}`,
    };
  },
  run: async (tx, _deps, tenantId, customerId, input) => ({
    customerId: (await updateCustomerInTx(tx, tenantId, customerId, input)).id,
  }),
  resultIds: (r) => r,
});

export const dunningPolicyChange = operation({
  kind: 'dunning_policy.update',
  object: policyObject,
  input: policyPatch,
  judge: (_tx, _t, { label }, input) => ({
    input,
    amountMinor: null,
    currency: null,
    summary: `change dunning policy ${label}`,
  }),
  run: async (tx, deps, tenantId, policyId, input) => ({
    policyId: (await updatePolicyInTx(tx, deps, tenantId, policyId, input)).policyId,
  }),
  resultIds: (r) => r,
});

/** What was judged when the request was made: the most its approval may move. */
export interface Judged {
  readonly payload: unknown;
  readonly amountMinor: bigint | null;
  readonly currency: string | null;
}

/** Run a stored request of any kind (what an approval executes); returns the result's ids. */
export type Executor = (
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  stored: Judged,
) => Promise<Record<string, string>>;

/**
 * The executor of `op`: judges the stored payload again on today's data and refuses
 * (`invalid_state`) when it would now move more than was approved — a credit limit lowered since the
 * request would otherwise rise by more than the increase the checker saw — then runs it.
 */
function executor<P, R>(op: Operation<P, R>): Executor {
  return async (tx, deps, tenantId, stored) => {
    const { payload, facts } = await op.prepare(tx, tenantId, op.schema.parse(stored.payload));
    const grown = grownSince(stored, facts);
    if (grown) throw invalidState(`${grown}: make the request again`);
    return op.resultIds(await op.run(tx, deps, tenantId, payload));
  };
}

/** Why the request now moves more than was judged (another currency, more, or no limit), or null. */
function grownSince(judged: Judged, now: OperationFacts): string | null {
  const { amountMinor, currency } = judged;
  if (amountMinor === null || currency === null) return null;
  const was = `the request was judged at ${currency} ${formatAmount(amountMinor, currency)}`;
  if (now.amountMinor === null || now.currency === null) return `${was}; it would now have no limit`;
  if (now.currency === currency && now.amountMinor <= amountMinor) return null;
  return `${was}; it would now move ${now.currency} ${formatAmount(now.amountMinor, now.currency)}`;
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
