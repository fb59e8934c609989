/**
 * Documents benchmark: invoice PDFs rendered per second, on its own fresh database.
 *
 * Set-up: a letterhead, 200 customers (names in Polish, German, Greek, Cyrillic and French; labels
 * in en, de and fr) and N invoices of 1 to 12 lines issued in billing runs of 1,000. Measured:
 * 1. rendering alone: `renderInvoicePdf` over the loaded documents (the CPU cost of a PDF);
 * 2. first request end to end: `renderPendingInvoiceDocuments` — load the issued invoice, render,
 *    hash and store (what a delivery or the pre-render job pays once per invoice);
 * 3. every later request: `ensureInvoiceDocument` serving the stored bytes;
 * 4. statements: `createStatementDocument` for every customer (aging source, render, store).
 * The target is ≥ 50 invoice PDFs per second for (2). Beside wall-clock rates, (1) and (2) are given
 * per second of this process's CPU time, which a busy shared machine does not distort (on
 * PostgreSQL the server's own CPU is not in it; on PGlite the database runs in this process).
 */
import type { Database } from '../src/db/client.ts';
import type { CoreDeps } from '../src/modules/core-deps.ts';
import { createCustomer } from '../src/modules/customers/customers.service.ts';
import {
  createStatementDocument,
  ensureInvoiceDocument,
  loadInvoiceDocument,
  renderPendingInvoiceDocuments,
} from '../src/modules/documents/documents.service.ts';
import type { InvoiceDocument } from '../src/modules/documents/invoice-document.ts';
import { renderInvoicePdf } from '../src/modules/documents/pdf/invoice-pdf.ts';
import { createInvoices } from '../src/modules/invoices/invoice-creation.service.ts';
import { getInvoiceRowOrThrow } from '../src/modules/invoices/invoice-queries.service.ts';
import type { CreateInvoiceInput } from '../src/modules/invoices/invoices.input.ts';
import { updateLetterhead } from '../src/modules/tenants/letterhead.service.ts';
import { seededRandom } from './data.ts';

export interface DocumentsBenchResult {
  invoices: number;
  lines: number;
  customers: number;
  issuePerSecond: number;
  renderOnlyPerSecond: number;
  /** Per second of this process's CPU time: the figure a loaded, shared machine cannot blur. */
  renderOnlyPerCpuSecond: number;
  firstRequestPerSecond: number;
  firstRequestPerCpuSecond: number;
  firstRequestSeconds: number;
  storedPerSecond: number;
  statements: number;
  statementsPerSecond: number;
  averageBytes: number;
  identicalOnRefetch: boolean;
}

const CUSTOMERS = 200;
const NAMES = [
  ['Zakład Produkcyjny Łódź', 'pl'],
  ['Müller & Söhne Maschinenbau', 'de'],
  ['Ελληνική Εταιρεία Εμπορίου', 'el'],
  ['ООО «Северный ветер»', 'ru'],
  ['Société Générale d’Équipement', 'fr'],
  ['Acme Trading Ltd', 'en'],
] as const;

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

async function setUp(deps: CoreDeps, tenantId: string): Promise<string[]> {
  await updateLetterhead(deps, tenantId, {
    legalName: 'Bench Seller GmbH',
    address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
    iban: 'DE89 3704 0044 0532 0130 00',
    bic: 'COBADEFFXXX',
    bankName: 'Commerzbank',
    email: 'billing@bench.example',
    registration: 'Amtsgericht Berlin HRB 123456',
    footer: 'Thank you for your business.',
  });
  const ids: string[] = [];
  for (let i = 0; i < CUSTOMERS; i += 1) {
    const [name, language] = NAMES[i % NAMES.length] ?? NAMES[0];
    const externalId = `DOC${String(i).padStart(4, '0')}`;
    await createCustomer(deps.db, tenantId, {
      externalId,
      name: `${name} ${i}`,
      language,
      paymentTerms: i % 3 === 0 ? '2/10 NET30' : 'NET30',
      billingAddress: { street: `Street ${i}`, postalCode: '12345', city: 'City' },
      taxId: `DE${String(100000000 + i)}`,
    });
    ids.push(externalId);
  }
  return ids;
}

function invoiceInputs(customers: readonly string[], count: number, issueDate: string): CreateInvoiceInput[] {
  const random = seededRandom(11);
  return Array.from({ length: count }, (_, i) => ({
    customer: customers[i % customers.length] ?? '',
    issue: true,
    issueDate,
    lines: Array.from({ length: 1 + Math.floor(random() * 12) }, (_, n) => ({
      description: `Service ${n + 1}: consulting and support, period ${issueDate.slice(0, 7)}`,
      quantity: String(1 + Math.floor(random() * 20)),
      unitPrice: `${10 + Math.floor(random() * 990)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`,
      taxRate: n % 4 === 3 ? '7' : '19',
      ...(n % 5 === 1 ? { discountPct: '5' } : {}),
    })),
  }));
}

/** Run the documents benchmark on a fresh tenant of `database`; `log` gets progress lines. */
export async function documentsBenchmark(
  deps: CoreDeps,
  _database: Database,
  tenantId: string,
  count: number,
  log: (message: string) => void,
): Promise<DocumentsBenchResult> {
  const customers = await setUp(deps, tenantId);
  const inputs = invoiceInputs(customers, count, '2026-06-01');
  log(` issuing ${count} invoices in billing runs of 1,000`);
  let start = process.hrtime.bigint();
  const issued = [];
  for (let i = 0; i < inputs.length; i += 1_000)
    issued.push(...(await createInvoices(deps, tenantId, inputs.slice(i, i + 1_000))));
  const issuePerSecond = count / seconds(start);

  log(' rendering only (documents loaded first)');
  const documents: InvoiceDocument[] = [];
  for (const inv of issued)
    documents.push(
      await loadInvoiceDocument(
        deps.db,
        tenantId,
        await getInvoiceRowOrThrow(deps.db, tenantId, inv.invoiceId),
      ),
    );
  await renderInvoicePdf(documents[0] as InvoiceDocument); // fonts parsed once per process
  start = process.hrtime.bigint();
  let cpu = process.cpuUsage();
  let bytes = 0;
  for (const d of documents) bytes += (await renderInvoicePdf(d)).byteLength;
  const renderOnlyPerSecond = documents.length / seconds(start);
  const renderOnlyPerCpuSecond = documents.length / cpuSeconds(cpu);

  log(' first request: load, render, hash and store every invoice');
  start = process.hrtime.bigint();
  cpu = process.cpuUsage();
  let rendered = 0;
  for (;;) {
    const batch = await renderPendingInvoiceDocuments(deps, tenantId, 100);
    rendered += batch.rendered;
    if (batch.rendered === 0) break;
  }
  const firstRequestSeconds = seconds(start);
  const firstRequestCpuSeconds = cpuSeconds(cpu);
  if (rendered !== count) throw new Error(`rendered ${rendered} of ${count}`);

  log(' later requests: serve the stored bytes');
  start = process.hrtime.bigint();
  let identicalOnRefetch = true;
  const firsts = new Map<string, string>();
  for (const inv of issued) {
    const doc = await ensureInvoiceDocument(deps, tenantId, inv.invoiceId);
    firsts.set(inv.invoiceId, doc.sha256);
  }
  const storedPerSecond = issued.length / seconds(start);
  for (const inv of issued.slice(0, 50))
    identicalOnRefetch &&=
      (await ensureInvoiceDocument(deps, tenantId, inv.invoiceId)).sha256 === firsts.get(inv.invoiceId);

  log(` statements for ${customers.length} customers`);
  start = process.hrtime.bigint();
  for (const c of customers) await createStatementDocument(deps, tenantId, c, { asOf: '2026-07-31' });
  const statementsPerSecond = customers.length / seconds(start);
  return {
    invoices: count,
    lines: inputs.reduce((s, i) => s + i.lines.length, 0),
    customers: customers.length,
    issuePerSecond,
    renderOnlyPerSecond,
    renderOnlyPerCpuSecond,
    firstRequestPerSecond: count / firstRequestSeconds,
    firstRequestPerCpuSecond: count / firstRequestCpuSeconds,
    firstRequestSeconds,
    storedPerSecond,
    statements: customers.length,
    statementsPerSecond,
    averageBytes: bytes / documents.length,
    identicalOnRefetch,
  };
}
