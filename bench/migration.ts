/**
 * The migration from another AR system at full size: 20,000 customers (every fifth with an
 * international e-mail address, look-alike names) and 500,000 open items numbered `INV-…` in the
 * old system's series, through the CSV imports; then one invoice is issued, and its number must
 * continue the series above the highest imported; aging must equal the imported open amounts, and
 * the books must reconcile. Expected values come from the generated rows.
 */
import type { Database } from '../src/db/client.ts';
import type { CoreDeps } from '../src/modules/core-deps.ts';
import { importCustomersCsv } from '../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../src/modules/imports/invoices-import.ts';
import { createInvoice } from '../src/modules/invoices/invoice-creation.service.ts';
import { reconcileBooks } from '../src/modules/reconciliation/reconciliation.service.ts';
import { agingReport } from '../src/modules/reports/aging.service.ts';
import { addDays, type CalendarDate } from '../src/shared/calendar-date.ts';
import { seededRandom } from './data.ts';

const NAMES = [
  'Müller-Bau GmbH',
  'Mueller Bau GmbH',
  'Muller Bau GmbH',
  'Bäckerei Öztürk',
  'Baeckerei Oeztuerk',
];
const IDN_EMAILS = [
  'ap@müller-bau.de',
  'buchhaltung@bäckerei.at',
  'jörg@example.de',
  'rechnung@straße.example',
];
const FIRST_NUMBER = 100_001;

export interface MigrationSizes {
  customers: number;
  invoices: number;
}

export interface MigrationResult {
  customers: number;
  idnCustomers: number;
  invoices: number;
  customerImportSeconds: number;
  invoiceImportSeconds: number;
  invoicesPerSecond: number;
  highestImported: string;
  nextNumber: string;
  numberContinues: boolean;
  agingMatches: boolean;
  reconciled: boolean;
}

const ref = (i: number) => `M${String(i).padStart(6, '0')}`;
const cents = (v: number) => `${Math.floor(v / 100)}.${String(v % 100).padStart(2, '0')}`;

function customersCsv(count: number): { csv: string; idn: number } {
  const lines = ['external_id,name,email,country,currency,payment_terms'];
  let idn = 0;
  for (let i = 0; i < count; i += 1) {
    const email = i % 5 === 0 ? IDN_EMAILS[(i / 5) % IDN_EMAILS.length] : `ap${i}@example.com`;
    if (i % 5 === 0) idn += 1;
    lines.push(`${ref(i)},"${NAMES[i % NAMES.length]} ${i}",${email},DE,EUR,NET30`);
  }
  return { csv: `${lines.join('\n')}\n`, idn };
}

/** Open items numbered INV-100001… in a shuffled order with gaps; a fifth partly paid. */
function openItemsCsv(count: number, customers: number, today: CalendarDate) {
  const random = seededRandom(2026);
  const lines = ['number,customer_external_id,issue_date,due_date,currency,total,open_amount'];
  let openCents = 0n;
  let highest = 0;
  let stride = 7; // co-prime with count: every slot once, not in order
  while (gcd(count, stride) !== 1) stride += 1;
  for (let i = 0; i < count; i += 1) {
    const value = FIRST_NUMBER + ((i * stride) % count) * 2; // every other number: gaps as in a real series
    highest = Math.max(highest, value);
    const issueDate = addDays(today, -Math.floor(random() * 400));
    const total = 1_000 + Math.floor(random() * 2_000_000);
    const open = random() < 0.2 ? Math.max(1, Math.floor(total * random())) : total;
    openCents += BigInt(open);
    lines.push(
      `INV-${String(value).padStart(6, '0')},${ref(Math.floor(random() * customers))},${issueDate},${addDays(issueDate, 30)},EUR,${cents(total)},${cents(open)}`,
    );
  }
  return { csv: `${lines.join('\n')}\n`, openCents, highest };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export async function migrationSpeed(
  deps: CoreDeps,
  _database: Database,
  tenantId: string,
  sizes: MigrationSizes,
  today: CalendarDate,
  log: (message: string) => void,
): Promise<MigrationResult> {
  const customers = customersCsv(sizes.customers);
  log(` importing ${sizes.customers} customers (${customers.idn} with international e-mail addresses)`);
  let start = process.hrtime.bigint();
  await importCustomersCsv(deps, tenantId, customers.csv);
  const customerImportSeconds = seconds(start);
  const items = openItemsCsv(sizes.invoices, sizes.customers, today);
  log(` importing ${sizes.invoices} open items numbered INV-…`);
  start = process.hrtime.bigint();
  const imported = await importInvoicesCsv(deps, tenantId, items.csv);
  const invoiceImportSeconds = seconds(start);
  if (imported.imported !== sizes.invoices) throw new Error(`imported ${imported.imported}`);
  const aging = await agingReport(deps.db, tenantId, { asOf: today, basis: 'due_date', today });
  const issued = await createInvoice(deps, tenantId, {
    customer: ref(0),
    issue: true,
    issueDate: today,
    lines: [{ description: 'First invoice after the migration', quantity: '1', unitPrice: '100.00' }],
  });
  const expected = `INV-${String(items.highest + 1).padStart(6, '0')}`;
  return {
    customers: sizes.customers,
    idnCustomers: customers.idn,
    invoices: sizes.invoices,
    customerImportSeconds,
    invoiceImportSeconds,
    invoicesPerSecond: sizes.invoices / invoiceImportSeconds,
    highestImported: `INV-${String(items.highest).padStart(6, '0')}`,
    nextNumber: issued.number ?? '',
    numberContinues: issued.number === expected,
    agingMatches: aging.length === 1 && aging[0]?.totalMinor === items.openCents,
    reconciled: (await reconcileBooks(deps.db, deps, tenantId)).balanced,
  };
}
