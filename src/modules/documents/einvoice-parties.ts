/**
 * Seller (BG-4) and buyer (BG-7) of an e-invoice, from the letterhead version and the customer
 * fixed at issue and the customer's e-invoice settings. Refuses (invalid_state, naming what to
 * set) when a rule of EN 16931 or Peppol needs data the sources do not have: countries (BR-09,
 * BR-11), the seller's VAT id where VAT applies (BR-S-02 …), the buyer's for reverse charge and
 * intra-community supply (BR-AE-02, BR-IC-02), electronic addresses for Peppol and XRechnung.
 */
import { invalidState } from '../../shared/errors.ts';
import { type AddressParts, addressParts } from './document-address.ts';
import type { EinvoiceSource, VatGroup } from './einvoice-model.ts';

export interface EinvoiceParty {
  name: string;
  legalName: string;
  /** BT-31 / BT-48, with its country prefix; null when none or not to be shown (category O). */
  vatId: string | null;
  /** BT-32: a tax number that is not a VAT id (e.g. a German Steuernummer). */
  taxRegistration: string | null;
  /** BT-30, the seller's legal registration (the letterhead's): only where no VAT id is shown (category O). */
  legalRegistration: string | null;
  address: AddressParts;
  electronicAddress: { scheme: string; id: string } | null;
  email: string | null;
  phone: string | null;
}

/** `"0088:4000001000005"` → scheme 0088, id 4000001000005. */
export function parseElectronicAddress(text: string): { scheme: string; id: string } {
  const at = text.indexOf(':');
  return { scheme: text.slice(0, at), id: text.slice(at + 1) };
}

/** As given, else the e-mail (scheme EM) — except on Peppol (`ubl`), whose code list has no EM. */
function electronicAddressOf(
  source: EinvoiceSource,
  given: string | null | undefined,
  email: string | null | undefined,
) {
  if (given) return parseElectronicAddress(given);
  return email && source.format !== 'ubl' ? { scheme: 'EM', id: email } : null;
}

function splitTaxId(
  taxId: string | null,
  showVat: boolean,
): Pick<EinvoiceParty, 'vatId' | 'taxRegistration'> {
  const id = taxId?.replace(/\s+/g, '') ?? '';
  if (!id) return { vatId: null, taxRegistration: null };
  if (/^[A-Z]{2}[0-9A-Z+*.]{2,}$/.test(id)) return { vatId: showVat ? id : null, taxRegistration: null };
  return { vatId: null, taxRegistration: taxId };
}

function sellerOf(source: EinvoiceSource, showVat: boolean): EinvoiceParty {
  const s = source.seller;
  const address = addressParts(s.address, s.country);
  if (!address.country)
    throw invalidState(
      'the letterhead has no country: an e-invoice names the seller\'s country (BR-09); set "country"',
    );
  return {
    name: s.name,
    legalName: s.legalName ?? s.name,
    ...splitTaxId(s.taxId, showVat),
    legalRegistration: showVat ? null : s.registration,
    address,
    electronicAddress: electronicAddressOf(source, s.electronicAddress, s.email),
    email: s.email,
    phone: s.phone,
  };
}

function buyerOf(source: EinvoiceSource, showVat: boolean): EinvoiceParty {
  const c = source.customer;
  const address = addressParts(c.billingAddress, c.country);
  if (!address.country)
    throw invalidState(
      `customer ${c.externalId} has no country: an e-invoice names the buyer's country (BR-11); set "country"`,
    );
  const email = source.buyer.emails[0] ?? null;
  return {
    name: c.name,
    legalName: c.legalName ?? c.name,
    ...splitTaxId(c.taxId, showVat),
    legalRegistration: null,
    address,
    electronicAddress: electronicAddressOf(source, source.buyer.einvoice?.electronicAddress, email),
    email,
    phone: null,
  };
}

function assertParties(
  source: EinvoiceSource,
  seller: EinvoiceParty,
  buyer: EinvoiceParty,
  vat: readonly VatGroup[],
) {
  const categories = new Set(vat.map((g) => g.category));
  if (!categories.has('O') && !seller.vatId && !seller.taxRegistration)
    throw invalidState(
      'the letterhead has no VAT id: an e-invoice with VAT names it (BR-S-02, BR-CO-26); set "taxId"',
    );
  if (categories.has('O') && !seller.legalRegistration)
    throw invalidState(
      'an invoice not subject to VAT (O) shows no VAT id, so it names the seller by its legal registration (BR-CO-26); set the letterhead\'s "registration"',
    );
  for (const category of ['AE', 'K'] as const)
    if (categories.has(category) && (!seller.vatId || !buyer.vatId))
      throw invalidState(
        `${category === 'AE' ? 'reverse charge (AE)' : 'an intra-community supply (K)'} needs the VAT ids of seller and buyer (customer ${source.customer.externalId}: "taxId")`,
      );
  if (source.format === 'cii') return;
  if (!seller.electronicAddress)
    throw invalidState(
      `${source.format} needs the seller's electronic address: set the letterhead's "electronicAddress"${source.format === 'ubl' ? ' (a Peppol participant id)' : ' or "email"'}`,
    );
  if (!buyer.electronicAddress)
    throw invalidState(
      `${source.format} needs the buyer's electronic address: set customer ${source.customer.externalId}'s einvoice.electronicAddress${source.format === 'ubl' ? ' (a Peppol participant id)' : ' or an e-mail'}`,
    );
}

/** Seller and buyer of the e-invoice; throws invalid_state naming what is missing (module comment). */
export function einvoiceParties(
  source: EinvoiceSource,
  vat: readonly VatGroup[],
): { seller: EinvoiceParty; buyer: EinvoiceParty } {
  // Not subject to VAT (O): neither VAT id may be shown (BR-O-02 … BR-O-04).
  const showVat = !vat.some((g) => g.category === 'O');
  const seller = sellerOf(source, showVat);
  const buyer = buyerOf(source, showVat);
  assertParties(source, seller, buyer, vat);
  return { seller, buyer };
}
