/**
 * What a dunning letter's PDF shows, gathered from the modules that own each part: the letter and
 * its invoices (dunning), the letterhead version of its run (tenants), the customer's address
 * (customers), the RF references of its invoices and charge document (invoices), and the wording
 * of its level's template in the customer's language — the same text its email would carry
 * (messaging). The layout itself is the documents module's (`dunningLetterDocument`).
 */
import type { Queryable } from '../../db/client.ts';
import type { CustomerRow } from '../customers/index.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import { type DunningLetterDocument, dunningLetterDocument, LETTER_BLOCKS } from '../documents/index.ts';
import type { RecordedLetter } from '../dunning/index.ts';
import { getInvoicesByIds, type InvoiceRow } from '../invoices/index.ts';
import { renderPrintedWording } from '../messaging/index.ts';
import { getLetterhead, getLetterheadVersion } from '../tenants/index.ts';
import { letterMessage } from './dunning-letters.service.ts';

function billToOf(customer: CustomerRow) {
  return {
    name: customer.name,
    legalName: customer.legalName,
    billingAddress: customer.billingAddress,
    country: customer.country,
    taxId: customer.taxId,
    language: customer.language,
    externalId: customer.externalId,
  };
}

/** The letter's part of the layout source: amounts, invoices with their references, the charge. */
function letterPart(letter: RecordedLetter, invoices: ReadonlyMap<string, InvoiceRow>) {
  const charge = letter.chargeInvoiceId ? invoices.get(letter.chargeInvoiceId) : undefined;
  return {
    letterId: letter.letterId,
    asOf: letter.asOf,
    levelNo: letter.levelNo,
    currency: letter.currency,
    openMinor: letter.openMinor,
    feeMinor: letter.feeMinor,
    interestMinor: letter.interestMinor,
    invoices: letter.invoices.map((i) => ({
      number: i.number,
      dueDate: i.dueDate,
      daysOverdue: i.daysOverdue,
      openMinor: i.openMinor,
      interestMinor: i.interestMinor,
      interestPeriod:
        i.interestFrom && i.interestThrough ? { from: i.interestFrom, through: i.interestThrough } : null,
      paymentReference: invoices.get(i.invoiceId)?.paymentReference ?? null,
    })),
    charge: charge ? { number: charge.number ?? '', paymentReference: charge.paymentReference } : null,
  };
}

/**
 * The layout of a recorded letter's PDF as of now: the letterhead of its run (a letter recorded
 * before runs kept the version prints the current one), the customer's current address, and the
 * tenant's current wording of the level's template.
 */
export async function loadLetterLayout(
  q: Queryable,
  tenantId: string,
  letter: RecordedLetter,
): Promise<DunningLetterDocument> {
  const customer = await getCustomerRowOrThrow(q, tenantId, letter.customerId);
  const seller =
    letter.letterheadVersion === null
      ? await getLetterhead(q, tenantId)
      : await getLetterheadVersion(q, tenantId, letter.letterheadVersion);
  const ids = [
    ...letter.invoices.map((i) => i.invoiceId),
    ...(letter.chargeInvoiceId ? [letter.chargeInvoiceId] : []),
  ];
  const invoices = new Map((await getInvoicesByIds(q, tenantId, ids)).map((i) => [i.invoiceId, i]));
  // The locale of the wording's language (as its email's), which the letter's table uses too.
  const wording = await renderPrintedWording(q, tenantId, customer, letterMessage(letter, invoices).content, {
    blocks: Object.keys(LETTER_BLOCKS),
  });
  return dunningLetterDocument({
    letter: letterPart(letter, invoices),
    seller,
    customer: billToOf(customer),
    wording,
  });
}
