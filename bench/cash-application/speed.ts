/**
 * Speed of cash application end to end: 5,000 customers and 500,000 open invoices imported as CSV,
 * then a camt.053 statement of 50,000 entries imported with `importBankStatement` and applied with
 * `runCashApplication` (decisions and bookings: receipts, allocations, adjustments, journal entries).
 * The timed part is the statement import plus the run; the set-up imports are reported beside it.
 *
 * With `lookalike` (issue 9's large case): 20,000 customers of which many share a trading name
 * with other legal forms, their 500,000 open invoices and 50,000 lines of every kind of the
 * accuracy benchmark's large case (generate.ts `lookalike: true`), through the same imports.
 */
import { importBankStatement } from '../../src/modules/bank/statement-import.service.ts';
import { runCashApplication } from '../../src/modules/cash-application/cash-application.service.ts';
import type { CoreDeps } from '../../src/modules/core-deps.ts';
import { importCustomersCsv } from '../../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../../src/modules/imports/invoices-import.ts';
import { addDays } from '../../src/shared/calendar-date.ts';
import { makeCreditorReference } from '../../src/shared/creditor-reference.ts';
import { mod97 } from '../../src/shared/iban.ts';
import { type PhaseTime, PhaseTimes } from '../../src/shared/phase-times.ts';
import { seededRandom } from '../data.ts';
import { BOOKING_DATE, camt053, type GenReceipt, generate } from './generate.ts';

export interface CashSpeedResult {
  /** `tidy`: distinct names, paid by reference or known account; `lookalike`: issue 9's large case. */
  data: 'tidy' | 'lookalike';
  customers: number;
  invoices: number;
  entries: number;
  setupSeconds: number;
  statementImportSeconds: number;
  runSeconds: number;
  totalSeconds: number;
  summary: { lines: number; applied: number; suggested: number; unmatched: number; ignored: number };
  /** Process CPU and wall seconds of the statement import and of each phase of the run. */
  phases: PhaseTime[];
}

const WORDS = [
  'Acme',
  'Baltic',
  'Nordwind',
  'Alpen',
  'Rheinland',
  'Kessler',
  'Bergmann',
  'Dupont',
  'Garnier',
  'Rossi',
  'Jansen',
  'Hansen',
  'Nowak',
  'Oakridge',
  'Polaris',
  'Orion',
  'Vega',
  'Atlas',
  'Helios',
  'Zenith',
  'Vertex',
  'Summit',
  'Cascade',
  'Meridian',
  'Falken',
  'Adler',
  'Linden',
  'Weber',
  'Becker',
  'Wagner',
];
const TRADES = ['Logistik', 'Maschinenbau', 'Handel', 'Elektro', 'Software', 'Foods', 'Pharma', 'Textil'];
const FORMS = ['GmbH', 'AG', 'Ltd', 'SAS', 'B.V.', 'S.p.A.'];

function iban(random: () => number): string {
  let bban = '';
  while (bban.length < 18) bban += String(Math.floor(random() * 10));
  return `DE${String(98 - mod97(`${bban}DE00`)).padStart(2, '0')}${bban}`;
}

function cents(minor: bigint): string {
  const s = String(minor).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

export function speedData(sizes: { customers: number; invoices: number; entries: number }) {
  const random = seededRandom(4711);
  const customers = Array.from({ length: sizes.customers }, (_, i) => ({
    externalId: `S${String(i).padStart(5, '0')}`,
    name: `${WORDS[i % WORDS.length]} ${TRADES[Math.floor(i / WORDS.length) % TRADES.length]} ${Math.floor(i / (WORDS.length * TRADES.length)) || ''} ${FORMS[i % FORMS.length]}`.replace(
      /\s+/g,
      ' ',
    ),
    iban: iban(random),
  }));
  const customerCsv = [
    'external_id,name,country,currency,payment_terms,bank_accounts',
    ...customers.map((c) => `${c.externalId},${c.name},DE,EUR,NET30,${c.iban}`),
  ].join('\n');
  const invoices = Array.from({ length: sizes.invoices }, (_, i) => {
    const number = `RE-${String(100_000 + i).padStart(7, '0')}`;
    const issueDate = addDays(BOOKING_DATE, -1 - Math.floor(random() * 120));
    return {
      number,
      customer: customers[Math.floor(random() * customers.length)] ?? customers[0],
      issueDate,
      totalMinor: BigInt(1_000 + Math.floor(random() * 2_000_000)),
      reference: makeCreditorReference(number.replace(/[^A-Za-z0-9]/g, '')),
    };
  });
  const invoiceCsv = [
    'number,customer_external_id,issue_date,due_date,currency,total,payment_reference',
    ...invoices.map(
      (inv) =>
        `${inv.number},${inv.customer?.externalId},${inv.issueDate},${addDays(inv.issueDate, 30)},EUR,${cents(inv.totalMinor)},${inv.reference}`,
    ),
  ].join('\n');
  // Receipts: distinct invoices, in the proportions of the accuracy benchmark's main cases.
  const step = Math.max(1, Math.floor(sizes.invoices / sizes.entries));
  const receipts: GenReceipt[] = [];
  for (let k = 0; k < sizes.entries; k++) {
    const inv = invoices[(k * step) % invoices.length];
    if (!inv?.customer) continue;
    const r = random();
    const digits = inv.number.replace(/\D/g, '');
    const remittance =
      r < 0.55
        ? inv.number
        : r < 0.7
          ? `Rechnung Nr. ${digits}`
          : r < 0.8
            ? ''
            : r < 0.9
              ? 'Zahlung'
              : `Rechnung ${digits.replace(/^0+/, '')} thank you`;
    const nonCustomer = r >= 0.97;
    receipts.push({
      bankReference: `S${String(k + 1).padStart(7, '0')}`,
      amountMinor: nonCustomer ? 1_234n : inv.totalMinor,
      payerName: nonCustomer ? 'COMMERZBANK AG' : inv.customer.name.toUpperCase(),
      payerIban: nonCustomer ? null : inv.customer.iban,
      ultimateParty: null,
      remittance: nonCustomer ? 'Habenzinsen' : remittance,
      structuredReference: !nonCustomer && r >= 0.7 && r < 0.8 ? inv.reference : null,
      truth: {
        kind: 'clean_reference',
        customer: inv.customer.externalId,
        invoices: [inv.number],
        adjustment: null,
        unappliedMinor: 0n,
      },
    });
  }
  return {
    customerCsv: `${customerCsv}\n`,
    invoiceCsv: `${invoiceCsv}\n`,
    statement: camt053(receipts, 'SPEED-1'),
  };
}

/** A CSV cell, quoted when it must be. */
function cell(value: string | null | undefined): string {
  const v = value ?? '';
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The large look-alike case of the accuracy benchmark as import files and a camt.053 statement. */
export function lookalikeSpeedData(sizes: { customers: number; invoices: number; entries: number }) {
  const data = generate({
    seed: 2026,
    lookalike: true,
    customers: sizes.customers,
    invoices: sizes.invoices,
    receipts: sizes.entries,
  });
  const customerCsv = [
    'external_id,name,legal_name,country,currency,payment_terms,bank_accounts,parent_external_id',
    ...data.customers.map((c) =>
      [c.externalId, c.name, c.legalName, 'DE', 'EUR', 'NET30', c.knownIbans.join(';'), c.parentExternalId]
        .map(cell)
        .join(','),
    ),
  ].join('\n');
  const invoiceCsv = [
    'number,customer_external_id,issue_date,due_date,currency,total,open_amount,payment_reference,po_number',
    ...data.invoices.map((i) =>
      [
        i.number,
        i.customerExternalId,
        i.issueDate,
        i.dueDate,
        'EUR',
        cents(i.totalMinor),
        cents(i.openMinor),
        i.paymentReference,
        i.poNumber,
      ]
        .map(cell)
        .join(','),
    ),
  ].join('\n');
  return {
    customers: data.customers.length,
    invoices: data.invoices.length,
    entries: data.receipts.length,
    customerCsv: `${customerCsv}\n`,
    invoiceCsv: `${invoiceCsv}\n`,
    statement: camt053(data.receipts, 'SPEED-1'),
  };
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

type CashData = ReturnType<typeof lookalikeSpeedData>;

/** The generated import files and statement of the selected case. */
export function cashSpeedData(sizes: CashSpeedSizes): CashData {
  return sizes.lookalike ? lookalikeSpeedData(sizes) : { ...sizes, ...speedData(sizes) };
}

export interface CashSpeedSizes {
  customers: number;
  invoices: number;
  entries: number;
  lookalike?: boolean;
}

/** The untimed set-up: the customers and open invoices imported; its seconds. */
export async function importCashSetup(
  deps: CoreDeps,
  tenantId: string,
  data: CashData,
  log: (message: string) => void,
): Promise<number> {
  const start = process.hrtime.bigint();
  log(`  importing ${data.customers} customers and ${data.invoices} open invoices`);
  await importCustomersCsv(deps, tenantId, data.customerCsv);
  const imported = await importInvoicesCsv(deps, tenantId, data.invoiceCsv);
  if (imported.imported !== data.invoices) throw new Error(`imported ${imported.imported} invoices`);
  return seconds(start);
}

/**
 * The timed part on a set-up tenant: the statement imported and applied. `setupSeconds` is what
 * the set-up took (0 when it was reused from a copy of an earlier one).
 */
export async function runCashSpeed(
  deps: CoreDeps,
  tenantId: string,
  sizes: CashSpeedSizes,
  data: CashData,
  setupSeconds: number,
  log: (message: string) => void,
): Promise<CashSpeedResult> {
  log(`  importing a camt.053 statement of ${data.entries} entries`);
  let start = process.hrtime.bigint();
  const phases = new PhaseTimes();
  const statement = await phases.timeAsync('statement import', () =>
    importBankStatement(deps, tenantId, data.statement),
  );
  const statementImportSeconds = seconds(start);
  if (statement.totals.imported !== data.entries)
    throw new Error(`imported ${statement.totals.imported} lines`);
  log(`  running cash application`);
  start = process.hrtime.bigint();
  const run = await runCashApplication(deps, tenantId, { phases });
  const runSeconds = seconds(start);
  return {
    data: sizes.lookalike ? 'lookalike' : 'tidy',
    customers: data.customers,
    invoices: data.invoices,
    entries: data.entries,
    setupSeconds,
    statementImportSeconds,
    runSeconds,
    totalSeconds: statementImportSeconds + runSeconds,
    summary: run.summary,
    phases: phases.list(),
  };
}

export async function cashApplicationSpeed(
  deps: CoreDeps,
  tenantId: string,
  sizes: CashSpeedSizes,
  log: (message: string) => void,
): Promise<CashSpeedResult> {
  const data = cashSpeedData(sizes);
  const setupSeconds = await importCashSetup(deps, tenantId, data, log);
  return runCashSpeed(deps, tenantId, sizes, data, setupSeconds, log);
}
