/**
 * Money for people to read in reasons and log texts: the currency code, thousands grouped with
 * commas, the currency's decimals. `moneyText(1240000n, 'EUR') === 'EUR 12,400.00'`.
 */
import { formatAmount } from './money.ts';

export function moneyText(amountMinor: bigint, currency: string): string {
  const plain = formatAmount(amountMinor, currency);
  const negative = plain.startsWith('-');
  const [whole = '0', fraction] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency} ${negative ? '-' : ''}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}
