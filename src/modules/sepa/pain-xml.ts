/** Small helpers shared by the pain.008 and pain.001 writers: escaping, amounts, agents, groups. */
import { formatAmount } from '../../shared/money.ts';

/** XML text with `&`, `<`, `>`, `"` escaped (the SEPA set has `'`, which is fine in text). */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<InstdAmt Ccy="EUR">12.34</InstdAmt>`: two decimals, a dot, no grouping. */
export function amountElement(name: string, amountMinor: bigint, currency: string): string {
  return `<${name} Ccy="${esc(currency)}">${formatAmount(amountMinor, currency)}</${name}>`;
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
export function agentElement(name: string, bic: string | null, bicTag: 'BICFI' | 'BIC'): string {
  const id = bic ? `<${bicTag}>${esc(bic)}</${bicTag}>` : '<Othr><Id>NOTPROVIDED</Id></Othr>';
  return `<${name}><FinInstnId>${id}</FinInstnId></${name}>`;
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
