/**
 * UBL 2.1 Invoice / CreditNote of an EN 16931 model, in the Peppol BIS Billing 3.0 (`ubl`) or the
 * XRechnung (`xrechnung-ubl`) profile; the two differ only in the specification identifier (BT-24).
 * Elements are written in the order the UBL 2.1 schema prescribes.
 */
import { formatAmount } from '../../shared/money.ts';
import { el, leaf, serializeXml, type XmlElement } from '../../shared/xml-writer.ts';
import type { AddressParts } from './document-address.ts';
import { type EinvoiceLine, type EinvoiceModel, isXRechnung, type VatGroup } from './einvoice-model.ts';
import type { EinvoiceParty } from './einvoice-parties.ts';

const NS = {
  Invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  CreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

export const CUSTOMIZATION_IDS = {
  peppol: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
  xrechnung: 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
} as const;
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

type Amount = (minor: bigint) => XmlElement | null;

function amountWriter(currency: string): (name: string) => Amount {
  return (name) => (minor) => leaf(name, formatAmount(minor, currency), { currencyID: currency });
}

function address(a: AddressParts, tag = 'cac:PostalAddress'): XmlElement {
  return el(
    tag,
    {},
    leaf('cbc:StreetName', a.street),
    leaf('cbc:AdditionalStreetName', a.additionalStreet),
    leaf('cbc:CityName', a.city),
    leaf('cbc:PostalZone', a.postalCode),
    leaf('cbc:CountrySubentity', a.region),
    el('cac:Country', {}, leaf('cbc:IdentificationCode', a.country)),
  );
}

function party(p: EinvoiceParty, withContact: boolean): XmlElement {
  const endpoint = p.electronicAddress;
  return el(
    'cac:Party',
    {},
    endpoint && leaf('cbc:EndpointID', endpoint.id, { schemeID: endpoint.scheme }),
    p.name !== p.legalName && el('cac:PartyName', {}, leaf('cbc:Name', p.name)),
    address(p.address),
    p.vatId && el('cac:PartyTaxScheme', {}, leaf('cbc:CompanyID', p.vatId), taxScheme('VAT')),
    p.taxRegistration &&
      el('cac:PartyTaxScheme', {}, leaf('cbc:CompanyID', p.taxRegistration), taxScheme('FC')),
    el(
      'cac:PartyLegalEntity',
      {},
      leaf('cbc:RegistrationName', p.legalName),
      leaf('cbc:CompanyID', p.legalRegistration),
    ),
    withContact &&
      el(
        'cac:Contact',
        {},
        leaf('cbc:Name', p.name),
        leaf('cbc:Telephone', p.phone),
        leaf('cbc:ElectronicMail', p.email),
      ),
  );
}

function taxScheme(id: string): XmlElement {
  return el('cac:TaxScheme', {}, leaf('cbc:ID', id));
}

/**
 * A tax category; "not subject to VAT" (O) carries no rate (BR-O-05…07), except in XRechnung's VAT
 * breakdown, which must state one (BR-DE-14: 0).
 */
function taxCategory(
  tag: string,
  category: string,
  rate: string,
  reason: string | null,
  withRate = category !== 'O',
): XmlElement {
  return el(
    tag,
    {},
    leaf('cbc:ID', category),
    withRate && leaf('cbc:Percent', rate),
    leaf('cbc:TaxExemptionReason', reason),
    taxScheme('VAT'),
  );
}

function taxTotal(m: EinvoiceModel, amount: (name: string) => Amount): XmlElement {
  const subtotal = (g: VatGroup) =>
    el(
      'cac:TaxSubtotal',
      {},
      amount('cbc:TaxableAmount')(g.netMinor),
      amount('cbc:TaxAmount')(g.taxMinor),
      taxCategory('cac:TaxCategory', g.category, g.rate, g.reason, g.category !== 'O' || isXRechnung(m)),
    );
  return el('cac:TaxTotal', {}, amount('cbc:TaxAmount')(m.taxMinor), ...m.vat.map(subtotal));
}

function monetaryTotal(m: EinvoiceModel, amount: (name: string) => Amount): XmlElement {
  return el(
    'cac:LegalMonetaryTotal',
    {},
    amount('cbc:LineExtensionAmount')(m.netMinor),
    amount('cbc:TaxExclusiveAmount')(m.netMinor),
    amount('cbc:TaxInclusiveAmount')(m.totalMinor),
    amount('cbc:PayableAmount')(m.totalMinor),
  );
}

function line(m: EinvoiceModel, l: EinvoiceLine, amount: (name: string) => Amount): XmlElement {
  const credit = m.kind === 'credit_note';
  const price = (value: string) => leaf('cbc:PriceAmount', value, { currencyID: m.currency });
  return el(
    credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine',
    {},
    leaf('cbc:ID', l.id),
    leaf(credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', l.quantity, { unitCode: 'C62' }),
    amount('cbc:LineExtensionAmount')(l.netMinor),
    el(
      'cac:Item',
      {},
      leaf('cbc:Name', l.name),
      taxCategory('cac:ClassifiedTaxCategory', l.category, l.rate, null),
    ),
    el(
      'cac:Price',
      {},
      price(l.netPrice),
      l.priceDiscount &&
        l.grossPrice &&
        el(
          'cac:AllowanceCharge',
          {},
          leaf('cbc:ChargeIndicator', 'false'),
          leaf('cbc:Amount', l.priceDiscount, { currencyID: m.currency }),
          leaf('cbc:BaseAmount', l.grossPrice, { currencyID: m.currency }),
        ),
    ),
  );
}

function paymentMeans(m: EinvoiceModel): XmlElement {
  return el(
    'cac:PaymentMeans',
    {},
    // 58 SEPA credit transfer to the account; 1 "not defined" when the letterhead has none.
    leaf('cbc:PaymentMeansCode', m.iban ? '58' : '1'),
    leaf('cbc:PaymentID', m.paymentReference),
    m.iban &&
      el(
        'cac:PayeeFinancialAccount',
        {},
        leaf('cbc:ID', m.iban.replace(/\s+/g, '')),
        m.bic && el('cac:FinancialInstitutionBranch', {}, leaf('cbc:ID', m.bic)),
      ),
  );
}

function delivery(m: EinvoiceModel): XmlElement | null {
  if (!m.delivery) return null;
  return el(
    'cac:Delivery',
    {},
    leaf('cbc:ActualDeliveryDate', m.delivery.date),
    el(
      'cac:DeliveryLocation',
      {},
      // The whole address: XRechnung wants city and post code whenever there is one (BR-DE-10, BR-DE-11).
      address(m.delivery.address, 'cac:Address'),
    ),
  );
}

function header(m: EinvoiceModel): XmlElement[] {
  const credit = m.kind === 'credit_note';
  return [
    leaf('cbc:CustomizationID', m.format === 'ubl' ? CUSTOMIZATION_IDS.peppol : CUSTOMIZATION_IDS.xrechnung),
    leaf('cbc:ProfileID', PEPPOL_PROFILE_ID),
    leaf('cbc:ID', m.number),
    leaf('cbc:IssueDate', m.issueDate),
    !credit && leaf('cbc:DueDate', m.dueDate),
    leaf(credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', credit ? '381' : '380'),
    leaf('cbc:Note', m.note),
    leaf('cbc:DocumentCurrencyCode', m.currency),
    leaf('cbc:BuyerReference', m.buyerReference),
    m.orderReference && el('cac:OrderReference', {}, leaf('cbc:ID', m.orderReference)),
    m.preceding &&
      el(
        'cac:BillingReference',
        {},
        el(
          'cac:InvoiceDocumentReference',
          {},
          leaf('cbc:ID', m.preceding.number),
          leaf('cbc:IssueDate', m.preceding.issueDate),
        ),
      ),
  ].filter((e): e is XmlElement => !!e);
}

/** The UBL document of the model, as UTF-8 XML text. */
export function ublXml(m: EinvoiceModel): string {
  const amount = amountWriter(m.currency);
  const root = m.kind === 'credit_note' ? 'CreditNote' : 'Invoice';
  const doc = el(
    root,
    { xmlns: NS[root], 'xmlns:cac': NS.cac, 'xmlns:cbc': NS.cbc },
    ...header(m),
    el('cac:AccountingSupplierParty', {}, party(m.seller, true)),
    el('cac:AccountingCustomerParty', {}, party(m.buyer, false)),
    delivery(m),
    paymentMeans(m),
    m.paymentTerms && el('cac:PaymentTerms', {}, leaf('cbc:Note', m.paymentTerms)),
    taxTotal(m, amount),
    monetaryTotal(m, amount),
    ...m.lines.map((l) => line(m, l, amount)),
  );
  return serializeXml(doc);
}
