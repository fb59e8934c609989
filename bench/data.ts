/** Deterministic benchmark data: customers and open items as the CSV files a user would import. */
import { addDays } from '../src/shared/calendar-date.ts';

export const CUSTOMER_COUNT = 1_000;
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'USD', 'GBP'] as const;
const RATES: Record<string, string> = { USD: '0.9215', GBP: '1.1730' };

/** xorshift32: the same numbers on every run. */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

export function customerId(i: number): string {
  return `B${String(i).padStart(5, '0')}`;
}

export function customersCsv(): string {
  const lines = ['external_id,name,country,currency,payment_terms,category'];
  for (let i = 0; i < CUSTOMER_COUNT; i += 1)
    lines.push(`${customerId(i)},Bench customer ${i},DE,EUR,NET30,${i % 2 ? 'Retail' : 'Wholesale'}`);
  return `${lines.join('\n')}\n`;
}

export interface BenchItem {
  number: string;
  customer: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  totalCents: number;
  openCents: number;
  fxRate: string;
}

/** `count` open items issued over the 400 days before `today`, a fifth of them partly paid. */
export function openItems(count: number, today: string, prefix = 'OB'): BenchItem[] {
  const random = seededRandom(42);
  const items: BenchItem[] = [];
  for (let i = 0; i < count; i += 1) {
    const issueDate = addDays(today, -Math.floor(random() * 400));
    const totalCents = 1_000 + Math.floor(random() * 2_000_000);
    const currency = CURRENCIES[Math.floor(random() * CURRENCIES.length)] ?? 'EUR';
    items.push({
      number: `${prefix}-${String(i).padStart(7, '0')}`,
      customer: customerId(Math.floor(random() * CUSTOMER_COUNT)),
      issueDate,
      dueDate: addDays(issueDate, 30),
      currency,
      totalCents,
      openCents: random() < 0.2 ? Math.max(1, Math.floor(totalCents * random())) : totalCents,
      fxRate: RATES[currency] ?? '',
    });
  }
  return items;
}

function cents(value: number): string {
  return `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
}

export function openItemsCsv(items: readonly BenchItem[]): string {
  const lines = ['number,customer_external_id,issue_date,due_date,currency,total,open_amount,fx_rate'];
  for (const it of items)
    lines.push(
      `${it.number},${it.customer},${it.issueDate},${it.dueDate},${it.currency},${cents(it.totalCents)},${cents(it.openCents)},${it.fxRate}`,
    );
  return `${lines.join('\n')}\n`;
}
