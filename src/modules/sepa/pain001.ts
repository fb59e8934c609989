/**
 * ISO 20022 pain.001 (customer credit transfer initiation) for SEPA credit transfers: `001.09`
 * (2019 message, EPC SCT rulebook 2023) by default, `001.03` (2009 message) on request. Used to pay
 * customers' credit balances back. One PmtInf; texts already in the SEPA character set.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { agentElement, amountElement, creationTime, ctrlSum, esc } from './pain-xml.ts';

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

/** The pain.001 document of `file`. */
export function writePain001(file: TransferFile): string {
  const sum = ctrlSum(
    file.transactions.map((t) => t.amountMinor),
    file.currency,
  );
  const bicTag = file.version === '001.09' ? 'BICFI' : 'BIC';
  const date = file.version === '001.09' ? `<Dt>${file.executionDate}</Dt>` : file.executionDate;
  const d = file.debtor;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.${file.version}" ` +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><CstmrCdtTrfInitn>' +
    `<GrpHdr><MsgId>${esc(file.messageId)}</MsgId><CreDtTm>${creationTime(file.createdAt)}</CreDtTm>` +
    `<NbOfTxs>${file.transactions.length}</NbOfTxs><CtrlSum>${sum}</CtrlSum>` +
    `<InitgPty><Nm>${esc(d.name)}</Nm></InitgPty></GrpHdr>` +
    `<PmtInf><PmtInfId>${esc(`${file.messageId.slice(0, 30)}-1`)}</PmtInfId><PmtMtd>TRF</PmtMtd>` +
    `<NbOfTxs>${file.transactions.length}</NbOfTxs><CtrlSum>${sum}</CtrlSum>` +
    '<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>' +
    `<ReqdExctnDt>${date}</ReqdExctnDt>` +
    `<Dbtr><Nm>${esc(d.name)}</Nm></Dbtr><DbtrAcct><Id><IBAN>${esc(d.iban)}</IBAN></Id></DbtrAcct>` +
    agentElement('DbtrAgt', d.bic, bicTag) +
    '<ChrgBr>SLEV</ChrgBr>' +
    file.transactions.map((t) => transfer(t, file.currency, bicTag)).join('') +
    '</PmtInf></CstmrCdtTrfInitn></Document>\n'
  );
}

function transfer(t: TransferTransaction, currency: string, bicTag: 'BICFI' | 'BIC'): string {
  return (
    `<CdtTrfTxInf><PmtId><EndToEndId>${esc(t.endToEndId)}</EndToEndId></PmtId>` +
    `<Amt>${amountElement('InstdAmt', t.amountMinor, currency)}</Amt>` +
    (t.bic ? agentElement('CdtrAgt', t.bic, bicTag) : '') +
    `<Cdtr><Nm>${esc(t.creditorName)}</Nm></Cdtr><CdtrAcct><Id><IBAN>${esc(t.iban)}</IBAN></Id></CdtrAcct>` +
    `<RmtInf><Ustrd>${esc(t.remittance)}</Ustrd></RmtInf></CdtTrfTxInf>`
  );
}
