/**
 * ISO 20022 pain.008 (customer direct debit initiation) as the EPC SDD rulebooks use it:
 * `001.08` (2019 message, EPC rulebook 2023 implementation guidelines) by default, `001.02`
 * (2009 message, still accepted by most banks) on request. One PmtInf per scheme (CORE/B2B) and
 * sequence type; one DrctDbtTxInf per invoice. Texts must already be in the SEPA character set.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { agentElement, amountElement, creationTime, ctrlSum, esc, groupInOrder } from './pain-xml.ts';

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

/** The pain.008 document of `file` (UTF-8 text with an XML declaration). */
export function writePain008(file: CollectionFile): string {
  const amounts = file.transactions.map((t) => t.amountMinor);
  const blocks = groupInOrder(file.transactions, (t) => `${t.scheme}/${t.sequence}`);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.${file.version}" ` +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><CstmrDrctDbtInitn>' +
    `<GrpHdr><MsgId>${esc(file.messageId)}</MsgId><CreDtTm>${creationTime(file.createdAt)}</CreDtTm>` +
    `<NbOfTxs>${file.transactions.length}</NbOfTxs><CtrlSum>${ctrlSum(amounts, file.currency)}</CtrlSum>` +
    `<InitgPty><Nm>${esc(file.creditor.name)}</Nm></InitgPty></GrpHdr>` +
    blocks.map((block, i) => paymentInformation(file, block, i + 1)).join('') +
    '</CstmrDrctDbtInitn></Document>\n'
  );
}

function paymentInformation(
  file: CollectionFile,
  block: readonly CollectionTransaction[],
  n: number,
): string {
  const first = block[0];
  if (!first) return '';
  const bicTag = file.version === '001.08' ? 'BICFI' : 'BIC';
  const c = file.creditor;
  return (
    `<PmtInf><PmtInfId>${esc(`${file.messageId.slice(0, 30)}-${n}`)}</PmtInfId><PmtMtd>DD</PmtMtd>` +
    `<NbOfTxs>${block.length}</NbOfTxs><CtrlSum>${ctrlSum(
      block.map((t) => t.amountMinor),
      file.currency,
    )}</CtrlSum>` +
    `<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl><LclInstrm><Cd>${first.scheme}</Cd></LclInstrm>` +
    `<SeqTp>${first.sequence}</SeqTp></PmtTpInf>` +
    `<ReqdColltnDt>${file.collectionDate}</ReqdColltnDt>` +
    `<Cdtr><Nm>${esc(c.name)}</Nm></Cdtr><CdtrAcct><Id><IBAN>${esc(c.iban)}</IBAN></Id></CdtrAcct>` +
    agentElement('CdtrAgt', c.bic, bicTag) +
    '<ChrgBr>SLEV</ChrgBr>' +
    `<CdtrSchmeId><Id><PrvtId><Othr><Id>${esc(c.creditorId)}</Id><SchmeNm><Prtry>SEPA</Prtry></SchmeNm>` +
    '</Othr></PrvtId></Id></CdtrSchmeId>' +
    block.map((t) => transaction(t, file.currency, bicTag)).join('') +
    '</PmtInf>'
  );
}

function transaction(t: CollectionTransaction, currency: string, bicTag: 'BICFI' | 'BIC'): string {
  return (
    `<DrctDbtTxInf><PmtId><EndToEndId>${esc(t.endToEndId)}</EndToEndId></PmtId>` +
    amountElement('InstdAmt', t.amountMinor, currency) +
    `<DrctDbtTx><MndtRltdInf><MndtId>${esc(t.mandateReference)}</MndtId>` +
    `<DtOfSgntr>${t.signedOn}</DtOfSgntr>${amendment(t)}</MndtRltdInf></DrctDbtTx>` +
    agentElement('DbtrAgt', t.bic, bicTag) +
    `<Dbtr><Nm>${esc(t.debtorName)}</Nm></Dbtr><DbtrAcct><Id><IBAN>${esc(t.iban)}</IBAN></Id></DbtrAcct>` +
    `<RmtInf><Ustrd>${esc(t.remittance)}</Ustrd></RmtInf></DrctDbtTxInf>`
  );
}

/** `AmdmntInd` and, when the debtor's account changed, the original IBAN (EPC AT-24). */
function amendment(t: CollectionTransaction): string {
  if (!t.amendedFromIban) return '<AmdmntInd>false</AmdmntInd>';
  return (
    '<AmdmntInd>true</AmdmntInd><AmdmntInfDtls>' +
    `<OrgnlDbtrAcct><Id><IBAN>${esc(t.amendedFromIban)}</IBAN></Id></OrgnlDbtrAcct></AmdmntInfDtls>`
  );
}
