/** Small helpers shared by the pain.008 and pain.001 writers: amounts, agents, accounts, groups. */
import { formatAmount } from '../../shared/money.ts';
import { el, leaf, serializeXml, type XmlChild, type XmlElement } from '../../shared/xml-writer.ts';

/**
 * The file of a pain message (`pain.008.001.08`): `<Document>` in the message's namespace around
 * `root`, written compact (the document on one line after the declaration).
 */
export function painDocument(message: string, root: string, ...children: XmlChild[]): string {
  const namespaces = {
    xmlns: `urn:iso:std:iso:20022:tech:xsd:${message}`,
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
  };
  return serializeXml(el('Document', namespaces, el(root, {}, ...children)), 'compact');
}

/** `<GrpHdr>`: message id, creation time, number of transactions, their sum, the initiating party. */
export function groupHeader(file: PainFileHeader, initiatingParty: string): XmlElement {
  return el(
    'GrpHdr',
    {},
    leaf('MsgId', file.messageId),
    leaf('CreDtTm', creationTime(file.createdAt)),
    leaf('NbOfTxs', String(file.transactions.length)),
    leaf(
      'CtrlSum',
      ctrlSum(
        file.transactions.map((t) => t.amountMinor),
        file.currency,
      ),
    ),
    el('InitgPty', {}, leaf('Nm', initiatingParty)),
  );
}

/** What a group header reads of a pain file. */
export interface PainFileHeader {
  readonly messageId: string;
  readonly createdAt: Date;
  readonly currency: string;
  readonly transactions: readonly { readonly amountMinor: bigint }[];
}

/** `<InstdAmt Ccy="EUR">12.34</InstdAmt>`: two decimals, a dot, no grouping. */
export function amountElement(name: string, amountMinor: bigint, currency: string): XmlElement | null {
  return leaf(name, formatAmount(amountMinor, currency), { Ccy: currency });
}

/** Σ of minor amounts as the decimal CtrlSum. */
export function ctrlSum(amounts: readonly bigint[], currency: string): string {
  return formatAmount(
    amounts.reduce((a, b) => a + b, 0n),
    currency,
  );
}

/**
 * A financial institution: its BIC (`BICFI` from the 2019 messages on, `BIC` in the 2009 ones),
 * or `Othr/Id NOTPROVIDED` where the IBAN alone identifies the bank (IBAN-only, EPC rulebook).
 */
export function agentElement(name: string, bic: string | null, bicTag: 'BICFI' | 'BIC'): XmlElement {
  const id = bic ? leaf(bicTag, bic) : el('Othr', {}, leaf('Id', 'NOTPROVIDED'));
  return el(name, {}, el('FinInstnId', {}, id));
}

/** `<DbtrAcct><Id><IBAN>…</IBAN></Id></DbtrAcct>`. */
export function accountElement(name: string, iban: string): XmlElement {
  return el(name, {}, el('Id', {}, leaf('IBAN', iban)));
}

/** Items grouped by a key, in first-seen order of the keys. */
export function groupInOrder<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key) ?? [];
    group.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** `2026-03-31T12:00:00` (ISODateTime, seconds, no fraction, UTC without zone as banks expect). */
export function creationTime(at: Date): string {
  return at.toISOString().slice(0, 19);
}
