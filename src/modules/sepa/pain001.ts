/**
 * ISO 20022 pain.001 (customer credit transfer initiation) for SEPA credit transfers: `001.09`
 * (2019 message, EPC SCT rulebook 2023) by default, `001.03` (2009 message) on request. Used to pay
 * customers' credit balances back. One PmtInf; texts already in the SEPA character set.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { el, leaf, type XmlElement } from '../../shared/xml-writer.ts';
import {
  accountElement,
  agentElement,
  amountElement,
  ctrlSum,
  groupHeader,
  painDocument,
} from './pain-xml.ts';

export const PAIN001_VERSIONS = ['001.09', '001.03'] as const;
export type Pain001Version = (typeof PAIN001_VERSIONS)[number];

export interface TransferTransaction {
  readonly endToEndId: string;
  readonly amountMinor: bigint;
  readonly creditorName: string;
  readonly iban: string;
  readonly bic: string | null;
  readonly remittance: string;
}

export interface TransferFile {
  readonly version: Pain001Version;
  readonly messageId: string;
  readonly createdAt: Date;
  readonly debtor: { readonly name: string; readonly iban: string; readonly bic: string | null };
  readonly executionDate: CalendarDate;
  readonly currency: string;
  readonly transactions: readonly TransferTransaction[];
}

/** The pain.001 document of `file` (UTF-8 text with an XML declaration, the document on one line). */
export function writePain001(file: TransferFile): string {
  const sum = ctrlSum(
    file.transactions.map((t) => t.amountMinor),
    file.currency,
  );
  const bicTag = file.version === '001.09' ? 'BICFI' : 'BIC';
  const date =
    file.version === '001.09'
      ? el('ReqdExctnDt', {}, leaf('Dt', file.executionDate))
      : leaf('ReqdExctnDt', file.executionDate);
  const d = file.debtor;
  const paymentInformation = el(
    'PmtInf',
    {},
    leaf('PmtInfId', `${file.messageId.slice(0, 30)}-1`),
    leaf('PmtMtd', 'TRF'),
    leaf('NbOfTxs', String(file.transactions.length)),
    leaf('CtrlSum', sum),
    el('PmtTpInf', {}, el('SvcLvl', {}, leaf('Cd', 'SEPA'))),
    date,
    el('Dbtr', {}, leaf('Nm', d.name)),
    accountElement('DbtrAcct', d.iban),
    agentElement('DbtrAgt', d.bic, bicTag),
    leaf('ChrgBr', 'SLEV'),
    ...file.transactions.map((t) => transfer(t, file.currency, bicTag)),
  );
  return painDocument(
    `pain.001.${file.version}`,
    'CstmrCdtTrfInitn',
    groupHeader(file, d.name),
    paymentInformation,
  );
}

function transfer(t: TransferTransaction, currency: string, bicTag: 'BICFI' | 'BIC'): XmlElement {
  return el(
    'CdtTrfTxInf',
    {},
    el('PmtId', {}, leaf('EndToEndId', t.endToEndId)),
    el('Amt', {}, amountElement('InstdAmt', t.amountMinor, currency)),
    t.bic ? agentElement('CdtrAgt', t.bic, bicTag) : null,
    el('Cdtr', {}, leaf('Nm', t.creditorName)),
    accountElement('CdtrAcct', t.iban),
    el('RmtInf', {}, leaf('Ustrd', t.remittance)),
  );
}
