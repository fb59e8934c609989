/**
 * What a chargeback should have moved by now, from what Stripe told of it. Pure: no I/O.
 *
 * Stripe withdraws the disputed amount and its dispute fee from the balance when a dispute opens
 * (a balance transaction with a negative `amount` and a positive `fee`) and gives the amount back
 * when the company wins (a positive `amount`; where Stripe returns the fee, a negative `fee`):
 * https://docs.stripe.com/disputes/how-disputes-work. The events may come in any order and each
 * carries the dispute as it was then, so the balance transactions are gathered over all of them
 * (a late snapshot never forgets a reinstatement seen earlier), and a closed status is final.
 */
import type { DisputeMovement } from './stripe-events.ts';

/** Stripe's dispute statuses once decided. */
const CLOSED = new Set(['won', 'lost']);

/** The status to keep: a closed one is not reopened by an older snapshot. */
export function lastingStatus(stored: string | null, incoming: string): string {
  return stored !== null && CLOSED.has(stored) ? stored : incoming;
}

/** The union of two lists of balance transactions, by id (the first seen kept). */
export function gatherMovements(
  seen: readonly DisputeMovement[],
  incoming: readonly DisputeMovement[],
): DisputeMovement[] {
  const ids = new Set(seen.map((m) => m.id));
  return [...seen, ...incoming.filter((m) => !ids.has(m.id))];
}

/** What should be withheld from the invoices and booked as fee (net), in the payment's currency. */
export interface ChargebackTarget {
  readonly withheldMinor: bigint;
  readonly feeMinor: bigint;
  /** Fees in another currency than the payment: not booked. */
  readonly foreignFees: number;
}

/**
 * Withheld: what the balance transactions took minus what they gave back; without any (a
 * `charge.dispute.created` before its withdrawal is reported), the disputed amount — unless the
 * dispute is an inquiry (`warning_…`, no money moves) or won. Never more than `paidMinor`.
 */
export function chargebackTarget(
  status: string,
  amountMinor: bigint,
  currency: string,
  movements: readonly DisputeMovement[],
  paidMinor: bigint,
): ChargebackTarget {
  const mine = movements.filter((m) => m.currency === currency);
  let taken = 0n;
  let given = 0n;
  let fee = 0n;
  for (const m of mine) {
    const amount = BigInt(m.amountMinor);
    if (amount < 0n) taken -= amount;
    else given += amount;
    fee += BigInt(m.feeMinor);
  }
  const noMoney = status.startsWith('warning_') || status === 'won';
  const withdrawn = mine.length === 0 ? (noMoney ? 0n : amountMinor) : taken - given;
  const withheld = status === 'won' ? 0n : withdrawn < 0n ? 0n : withdrawn;
  return {
    withheldMinor: withheld > paidMinor ? paidMinor : withheld,
    feeMinor: fee,
    foreignFees: movements.length - mine.length,
  };
}
