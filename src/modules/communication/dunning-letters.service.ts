/**
 * Dunning runs wired to the rest of collections and to the outbox: disputed invoices and invoices
 * under an open promise to pay are left out, and every letter a run records for the email channel
 * is queued — in the run's own transaction — as a message in the customer's language at the
 * letter's level, listing its invoices with fee and interest, with a statement of the open items
 * as of the letter's date attached (rendered when first sent). Letters of the `letter` channel
 * stay `planned` in the print queue until they are printed and recorded as posted
 * (letter-printing.service.ts). Email letters of customers who take no email (or have no address)
 * join them: the run moves them to channel `letter`, in the print queue, and says how many.
 */
import type { Tx } from '../../db/client.ts';
import { invoicesUnderOpenPromise } from '../collections/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { customersTakingEmail } from '../customers/index.ts';
import { disputedInvoiceIds } from '../disputes/index.ts';
import type { DunningLetter, DunningSeams, OnLettersOutcome } from '../dunning/index.ts';
import { markLetters, sendLettersToPrint } from '../dunning/index.ts';
import { getIssueDatesAndTotals, type InvoiceRow } from '../invoices/index.ts';
import type { QueueMessageInput } from '../messaging/index.ts';
import { MAX_DUNNING_LEVEL } from '../messaging/index.ts';
import { notifyOutbox } from './notify-outbox.ts';
import { queueWithPortalLinks } from './queue-with-portal-links.ts';

/** The message template level of a letter: the slot its level's key chose at the run. */
export function messageLevelOf(letter: Pick<DunningLetter, 'templateLevel'>): number {
  return Math.min(Math.max(letter.templateLevel, 1), MAX_DUNNING_LEVEL);
}

const money = (amountMinor: bigint, currency: string) => ({ amountMinor, currency });

/** The outbox message of a recorded letter (`invoices`: the letter's invoices by id). */
export function letterMessage(
  letter: DunningLetter & { letterId: string },
  invoices: ReadonlyMap<string, Pick<InvoiceRow, 'issueDate' | 'totalMinor'>>,
): QueueMessageInput {
  const c = letter.currency;
  return {
    dedupeKey: `dunning-letter:${letter.letterId}`,
    customerId: letter.customerId,
    content: {
      kind: 'dunning',
      level: messageLevelOf(letter),
      letterDate: letter.asOf,
      invoices: letter.invoices.map((i) => {
        const row = invoices.get(i.invoiceId);
        return {
          invoiceId: i.invoiceId,
          number: i.number,
          issueDate: row?.issueDate ?? null,
          dueDate: i.dueDate,
          total: money(row?.totalMinor ?? i.openMinor, c),
          open: money(i.openMinor, c),
        };
      }),
      ...(letter.feeMinor > 0n ? { fee: money(letter.feeMinor, c) } : {}),
      ...(letter.interestMinor > 0n ? { interest: money(letter.interestMinor, c) } : {}),
    },
    attachments: [
      {
        render: { kind: 'statement', customerId: letter.customerId, asOf: letter.asOf },
        fileName: `Statement-${letter.customer.externalId.replace(/[^A-Za-z0-9._-]/g, '_')}-${letter.asOf}.pdf`,
        contentType: 'application/pdf',
      },
    ],
    related: {
      dunningLetterId: letter.letterId,
      invoiceIds: [
        ...letter.invoices.map((i) => i.invoiceId),
        ...(letter.chargeInvoiceId ? [letter.chargeInvoiceId] : []),
      ],
    },
  };
}

/**
 * Queue the email letters of a run in its transaction and mark them queued; those whose customer
 * cannot be emailed (no address, or no email wanted) go to the print queue instead.
 */
async function queueLetters(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  letters: readonly DunningLetter[],
): Promise<OnLettersOutcome> {
  const recorded = letters.filter(
    (l): l is DunningLetter & { letterId: string } =>
      l.letterId !== null && l.channel === 'email' && l.status === 'planned',
  );
  if (recorded.length === 0) return { sentToPrint: [] };
  const reachable = new Set(
    (await customersTakingEmail(tx, tenantId, [...new Set(recorded.map((l) => l.customerId))])).map(
      (c) => c.customerId,
    ),
  );
  const unreachable = recorded.filter((l) => !reachable.has(l.customerId)).map((l) => l.letterId);
  const sentToPrint = await sendLettersToPrint(tx, tenantId, unreachable, deps.clock.now());
  const toSend = recorded.filter((l) => reachable.has(l.customerId));
  if (toSend.length === 0) return { sentToPrint };
  const ids = [...new Set(toSend.flatMap((l) => l.invoices.map((i) => i.invoiceId)))];
  const invoices = new Map((await getIssueDatesAndTotals(tx, tenantId, ids)).map((i) => [i.invoiceId, i]));
  const queued = await queueWithPortalLinks(
    tx,
    deps,
    tenantId,
    toSend.map((l) => letterMessage(l, invoices)),
    'dunning_email',
  );
  await markLetters(
    tx,
    tenantId,
    toSend.map((l) => ({ letterId: l.letterId, status: l.status })),
    'queued',
    deps.clock.now(),
  );
  await notifyOutbox(tx, deps, tenantId, queued);
  return { sentToPrint };
}

/** The seams of a dunning run in a process with collections and an outbox (every real one). */
export function dunningSeams(deps: CoreDeps): DunningSeams {
  return {
    exclusions: async (q, tenantId, asOf) => ({
      disputedInvoiceIds: await disputedInvoiceIds(q, tenantId),
      promisedInvoiceIds: await invoicesUnderOpenPromise(q, tenantId, asOf),
    }),
    onLetters: (tx, tenantId, letters) => queueLetters(tx, deps, tenantId, letters),
  };
}
