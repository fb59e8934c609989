/**
 * UN/CEFACT Cross Industry Invoice (D16B, as EN 16931 binds it) of an EN 16931 model, plain
 * (`cii`, guideline urn:cen.eu:en16931:2017) or XRechnung (`xrechnung-cii`). Credit notes are the
 * same document with type code 381 and positive amounts. Elements in the order of the CII schema.
 */
import { formatAmount } from '../../shared/money.ts';
import { el, leaf, required, serializeXml, type XmlElement } from '../../shared/xml-writer.ts';
import type { AddressParts } from './document-address.ts';
import { type EinvoiceLine, type EinvoiceModel, isXRechnung, type VatGroup } from './einvoice-model.ts';
import type { EinvoiceParty } from './einvoice-parties.ts';
import { CUSTOMIZATION_IDS, PEPPOL_PROFILE_ID } from './einvoice-ubl.ts';

const NS = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};

function date(tag: string, day: string, type: 'udt' | 'qdt' = 'udt'): XmlElement {
  return el(tag, {}, leaf(`${type}:DateTimeString`, day.replaceAll('-', ''), { format: '102' }));
}

function tradeParty(tag: string, p: EinvoiceParty): XmlElement {
  const a = p.address;
  const endpoint = p.electronicAddress;
  return el(
    tag,
    {},
    leaf('ram:Name', p.legalName),
    el(
      'ram:SpecifiedLegalOrganization',
      {},
      leaf('ram:ID', p.legalRegistration),
      p.name !== p.legalName && leaf('ram:TradingBusinessName', p.name),
    ),
    (p.phone || p.email) &&
      el(
        'ram:DefinedTradeContact',
        {},
        leaf('ram:PersonName', p.name),
        el('ram:TelephoneUniversalCommunication', {}, leaf('ram:CompleteNumber', p.phone)),
        el('ram:EmailURIUniversalCommunication', {}, leaf('ram:URIID', p.email)),
      ),
    postalTradeAddress(a),
    endpoint &&
      el('ram:URIUniversalCommunication', {}, leaf('ram:URIID', endpoint.id, { schemeID: endpoint.scheme })),
    p.vatId && el('ram:SpecifiedTaxRegistration', {}, leaf('ram:ID', p.vatId, { schemeID: 'VA' })),
    p.taxRegistration &&
      el('ram:SpecifiedTaxRegistration', {}, leaf('ram:ID', p.taxRegistration, { schemeID: 'FC' })),
  );
}

function postalTradeAddress(a: AddressParts): XmlElement {
  return el(
    'ram:PostalTradeAddress',
    {},
    leaf('ram:PostcodeCode', a.postalCode),
    leaf('ram:LineOne', a.street),
    leaf('ram:LineTwo', a.additionalStreet),
    leaf('ram:CityName', a.city),
    leaf('ram:CountryID', a.country),
    leaf('ram:CountrySubDivisionName', a.region),
  );
}

/**
 * A trade tax; "not subject to VAT" (O) carries no rate (BR-O-05…07), except in XRechnung's VAT
 * breakdown, which must state one (BR-DE-14: 0).
 */
function tradeTax(
  g: Pick<VatGroup, 'category' | 'rate'> & Partial<VatGroup>,
  currency: string,
  withRate = g.category !== 'O',
): XmlElement {
  const amount = (minor: bigint | undefined) => (minor === undefined ? null : formatAmount(minor, currency));
  return el(
    'ram:ApplicableTradeTax',
    {},
    leaf('ram:CalculatedAmount', amount(g.taxMinor)),
    leaf('ram:TypeCode', 'VAT'),
    leaf('ram:ExemptionReason', g.reason),
    leaf('ram:BasisAmount', amount(g.netMinor)),
    leaf('ram:CategoryCode', g.category),
    withRate && leaf('ram:RateApplicablePercent', g.rate),
  );
}

function lineItem(m: EinvoiceModel, l: EinvoiceLine): XmlElement {
  return el(
    'ram:IncludedSupplyChainTradeLineItem',
    {},
    el('ram:AssociatedDocumentLineDocument', {}, leaf('ram:LineID', l.id)),
    el('ram:SpecifiedTradeProduct', {}, leaf('ram:Name', l.name)),
    el(
      'ram:SpecifiedLineTradeAgreement',
      {},
      l.grossPrice &&
        el(
          'ram:GrossPriceProductTradePrice',
          {},
          leaf('ram:ChargeAmount', l.grossPrice),
          el(
            'ram:AppliedTradeAllowanceCharge',
            {},
            el('ram:ChargeIndicator', {}, leaf('udt:Indicator', 'false')),
            leaf('ram:ActualAmount', l.priceDiscount),
          ),
        ),
      el('ram:NetPriceProductTradePrice', {}, leaf('ram:ChargeAmount', l.netPrice)),
    ),
    el('ram:SpecifiedLineTradeDelivery', {}, leaf('ram:BilledQuantity', l.quantity, { unitCode: 'C62' })),
    el(
      'ram:SpecifiedLineTradeSettlement',
      {},
      tradeTax({ category: l.category, rate: l.rate }, m.currency),
      el(
        'ram:SpecifiedTradeSettlementLineMonetarySummation',
        {},
        leaf('ram:LineTotalAmount', formatAmount(l.netMinor, m.currency)),
      ),
    ),
  );
}

function agreement(m: EinvoiceModel): XmlElement {
  return el(
    'ram:ApplicableHeaderTradeAgreement',
    {},
    leaf('ram:BuyerReference', m.buyerReference),
    tradeParty('ram:SellerTradeParty', m.seller),
    tradeParty('ram:BuyerTradeParty', m.buyer),
    m.orderReference &&
      el('ram:BuyerOrderReferencedDocument', {}, leaf('ram:IssuerAssignedID', m.orderReference)),
  );
}

function delivery(m: EinvoiceModel): XmlElement {
  const d = m.delivery;
  return required(
    'ram:ApplicableHeaderTradeDelivery',
    d &&
      el(
        'ram:ShipToTradeParty',
        {},
        // The whole address: XRechnung wants city and post code whenever there is one (BR-DE-10, BR-DE-11).
        postalTradeAddress(d.address),
      ),
    d && el('ram:ActualDeliverySupplyChainEvent', {}, date('ram:OccurrenceDateTime', d.date)),
  );
}

function paymentMeans(m: EinvoiceModel): XmlElement {
  return el(
    'ram:SpecifiedTradeSettlementPaymentMeans',
    {},
    leaf('ram:TypeCode', m.iban ? '58' : '1'),
    m.iban &&
      el('ram:PayeePartyCreditorFinancialAccount', {}, leaf('ram:IBANID', m.iban.replace(/\s+/g, ''))),
    m.iban && m.bic && el('ram:PayeeSpecifiedCreditorFinancialInstitution', {}, leaf('ram:BICID', m.bic)),
  );
}

function settlement(m: EinvoiceModel): XmlElement {
  const amount = (name: string, minor: bigint, attrs: Record<string, string> = {}) =>
    leaf(name, formatAmount(minor, m.currency), attrs);
  return el(
    'ram:ApplicableHeaderTradeSettlement',
    {},
    leaf('ram:PaymentReference', m.paymentReference),
    leaf('ram:InvoiceCurrencyCode', m.currency),
    paymentMeans(m),
    ...m.vat.map((g) => tradeTax(g, m.currency, g.category !== 'O' || isXRechnung(m))),
    (m.paymentTerms || m.dueDate) &&
      el(
        'ram:SpecifiedTradePaymentTerms',
        {},
        leaf('ram:Description', m.paymentTerms),
        m.dueDate && date('ram:DueDateDateTime', m.dueDate),
      ),
    el(
      'ram:SpecifiedTradeSettlementHeaderMonetarySummation',
      {},
      amount('ram:LineTotalAmount', m.netMinor),
      amount('ram:TaxBasisTotalAmount', m.netMinor),
      amount('ram:TaxTotalAmount', m.taxMinor, { currencyID: m.currency }),
      amount('ram:GrandTotalAmount', m.totalMinor),
      amount('ram:DuePayableAmount', m.totalMinor),
    ),
    m.preceding &&
      el(
        'ram:InvoiceReferencedDocument',
        {},
        leaf('ram:IssuerAssignedID', m.preceding.number),
        date('ram:FormattedIssueDateTime', m.preceding.issueDate, 'qdt'),
      ),
  );
}

/** The CII document of the model, as UTF-8 XML text. */
export function ciiXml(m: EinvoiceModel): string {
  const guideline = m.format === 'cii' ? 'urn:cen.eu:en16931:2017' : CUSTOMIZATION_IDS.xrechnung;
  const doc = el(
    'rsm:CrossIndustryInvoice',
    { 'xmlns:rsm': NS.rsm, 'xmlns:qdt': NS.qdt, 'xmlns:ram': NS.ram, 'xmlns:udt': NS.udt },
    el(
      'rsm:ExchangedDocumentContext',
      {},
      el('ram:BusinessProcessSpecifiedDocumentContextParameter', {}, leaf('ram:ID', PEPPOL_PROFILE_ID)),
      el('ram:GuidelineSpecifiedDocumentContextParameter', {}, leaf('ram:ID', guideline)),
    ),
    el(
      'rsm:ExchangedDocument',
      {},
      leaf('ram:ID', m.number),
      leaf('ram:TypeCode', m.kind === 'credit_note' ? '381' : '380'),
      date('ram:IssueDateTime', m.issueDate),
      m.note && el('ram:IncludedNote', {}, leaf('ram:Content', m.note)),
    ),
    el(
      'rsm:SupplyChainTradeTransaction',
      {},
      ...m.lines.map((l) => lineItem(m, l)),
      agreement(m),
      delivery(m),
      settlement(m),
    ),
  );
  return serializeXml(doc);
}
