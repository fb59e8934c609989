/**
 * ISO 20022 pain.008 (customer direct debit initiation) as the EPC SDD rulebooks use it:
 * `001.08` (2019 message, EPC rulebook 2023 implementation guidelines) by default, `001.02`
 * (2009 message, still accepted by most banks) on request. One PmtInf per scheme (CORE/B2B) and
 * sequence type; one DrctDbtTxInf per invoice. Texts must already be in the SEPA character set.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { el, leaf, type XmlChild, type XmlElement } from '../../shared/xml-writer.ts';
import {
  accountElement,
  agentElement,
  amountElement,
  ctrlSum,
  groupHeader,
  groupInOrder,
  painDocument,
} from './pain-xml.ts';

export const PAIN008_VERSIONS = ['001.08', '001.02'] as const;
export type Pain008Version = (typeof PAIN008_VERSIONS)[number];

export interface SepaCreditor {
  readonly name: string;
  readonly iban: string;
  readonly bic: string | null;
  readonly creditorId: string;
}

export interface CollectionTransaction {
  readonly endToEndId: string;
  readonly amountMinor: bigint;
  readonly scheme: 'CORE' | 'B2B';
  readonly sequence: 'FRST' | 'RCUR' | 'OOFF' | 'FNAL';
  readonly mandateReference: string;
  readonly signedOn: CalendarDate;
  /** The debtor IBAN of the last collection when it changed since (amendment information). */
  readonly amendedFromIban: string | null;
  readonly debtorName: string;
  readonly iban: string;
  readonly bic: string | null;
  readonly remittance: string;
}

export interface CollectionFile {
  readonly version: Pain008Version;
  readonly messageId: string;
  readonly createdAt: Date;
  readonly creditor: SepaCreditor;
  readonly collectionDate: CalendarDate;
  readonly currency: string;
  readonly transactions: readonly CollectionTransaction[];
}

/** The pain.008 document of `file` (UTF-8 text with an XML declaration, the document on one line). */
export function writePain008(file: CollectionFile): string {
  const blocks = groupInOrder(file.transactions, (t) => `${t.scheme}/${t.sequence}`);
  return painDocument(
    `pain.008.${file.version}`,
    'CstmrDrctDbtInitn',
    groupHeader(file, file.creditor.name),
    ...blocks.map((block, i) => paymentInformation(file, block, i + 1)),
  );
}

function paymentInformation(
  file: CollectionFile,
  block: readonly CollectionTransaction[],
  n: number,
): XmlElement | null {
  const first = block[0];
  if (!first) return null;
  const bicTag = file.version === '001.08' ? 'BICFI' : 'BIC';
  const c = file.creditor;
  const sum = ctrlSum(
    block.map((t) => t.amountMinor),
    file.currency,
  );
  return el(
    'PmtInf',
    {},
    leaf('PmtInfId', `${file.messageId.slice(0, 30)}-${n}`),
    leaf('PmtMtd', 'DD'),
    leaf('NbOfTxs', String(block.length)),
    leaf('CtrlSum', sum),
    el(
      'PmtTpInf',
      {},
      el('SvcLvl', {}, leaf('Cd', 'SEPA')),
      el('LclInstrm', {}, leaf('Cd', first.scheme)),
      leaf('SeqTp', first.sequence),
    ),
    leaf('ReqdColltnDt', file.collectionDate),
    el('Cdtr', {}, leaf('Nm', c.name)),
    accountElement('CdtrAcct', c.iban),
    agentElement('CdtrAgt', c.bic, bicTag),
    leaf('ChrgBr', 'SLEV'),
    el(
      'CdtrSchmeId',
      {},
      el(
        'Id',
        {},
        el('PrvtId', {}, el('Othr', {}, leaf('Id', c.creditorId), el('SchmeNm', {}, leaf('Prtry', 'SEPA')))),
      ),
    ),
    ...block.map((t) => transaction(t, file.currency, bicTag)),
  );
}

function transaction(t: CollectionTransaction, currency: string, bicTag: 'BICFI' | 'BIC'): XmlElement {
  return el(
    'DrctDbtTxInf',
    {},
    el('PmtId', {}, leaf('EndToEndId', t.endToEndId)),
    amountElement('InstdAmt', t.amountMinor, currency),
    el(
      'DrctDbtTx',
      {},
      el(
        'MndtRltdInf',
        {},
        leaf('MndtId', t.mandateReference),
        leaf('DtOfSgntr', t.signedOn),
        ...amendment(t),
      ),
    ),
    agentElement('DbtrAgt', t.bic, bicTag),
    el('Dbtr', {}, leaf('Nm', t.debtorName)),
    accountElement('DbtrAcct', t.iban),
    el('RmtInf', {}, leaf('Ustrd', t.remittance)),
  );
}

/** `AmdmntInd` and, when the debtor's account changed, the original IBAN (EPC AT-24). */
function amendment(t: CollectionTransaction): XmlChild[] {
  if (!t.amendedFromIban) return [leaf('AmdmntInd', 'false')];
  return [
    leaf('AmdmntInd', 'true'),
    el('AmdmntInfDtls', {}, accountElement('OrgnlDbtrAcct', t.amendedFromIban)),
  ];
}
