/**
 * Anomaly detection through the API and the CLI on both back ends, over one planted month made
 * through the services: two near invoices of one customer (a look-alike customer has a third),
 * two receipts with one RF reference spaced differently (the look-alike has a third), a receipt
 * booked to Müller paid from Çelik's account, then Çelik's invoice written off for that amount, and
 * a round write-off. Each kind is found once; a rescan doubles nothing; a dismissed finding stays
 * dismissed; a viewer may not scan.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/db/client.ts';
import { type CoreDeps, coreDeps } from '../../src/modules/core-deps.ts';
import { createCustomer } from '../../src/modules/customers/index.ts';
import { createInvoice } from '../../src/modules/invoices/invoice-creation.service.ts';
import { writeOffInvoice } from '../../src/modules/invoices/invoice-write-off.service.ts';
import { recordReceipt } from '../../src/modules/receipts/receipts.service.ts';
import { listTenants } from '../../src/modules/tenants/index.ts';
import { addDays, todayUtc } from '../../src/shared/calendar-date.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

const IBAN_MUELLER = 'FR1420041010050500013M02606';
const IBAN_CELIK = 'GB29NWBK60161331926819';

/** What the planted month must give, per kind (every other anomaly kind: nothing). */
const EXPECTED: Record<string, number> = {
  duplicate_invoice: 1,
  duplicate_payment: 1,
  lapping_signal: 1,
  credit_after_receipt: 1,
  round_amount_credit: 1,
};

/** The planted month, made through the services with the real clock (the audit trail's and the rows' time). */
async function plant(deps: CoreDeps, tenantId: string): Promise<void> {
  const run = randomUUID().slice(0, 6);
  const today = todayUtc(new Date());
  const d = (n: number) => addDays(today, -n);
  const customer = (name: string, bankAccounts: string[] = []) =>
    createCustomer(deps.db, tenantId, { externalId: `${name.slice(0, 3)}-${run}`, name, bankAccounts });
  const mueller = await customer('Müller & Söhne GmbH', [IBAN_MUELLER]);
  const lookAlike = await customer('Mueller und Soehne GmbH');
  const celik = await customer('Çelik Yapı A.Ş.', [IBAN_CELIK]);
  const invoice = (customerId: string, amount: string, issueDate: string) =>
    createInvoice(deps, tenantId, {
      customer: customerId,
      issue: true,
      issueDate,
      lines: [{ description: 'Beratung', quantity: '1', unitPrice: amount, taxRate: '0' }],
    });
  await invoice(mueller.id, '1000.00', d(10));
  await invoice(mueller.id, '1005.00', d(6)); // 0.5% above, 4 days later: near
  const lookAlikeInvoice = await invoice(lookAlike.id, '1000.00', d(9)); // another customer: quiet
  const big = await invoice(mueller.id, '3000.00', d(20));
  const celikInvoice = await invoice(celik.id, '800.00', d(12));
  const receipt = (customerId: string, amount: string, receivedOn: string, more: Record<string, unknown>) =>
    recordReceipt(deps, tenantId, {
      customer: customerId,
      method: 'bank_transfer',
      amount,
      receivedOn,
      ...more,
    });
  await receipt(mueller.id, '250.00', d(5), { reference: 'RF18 5390 0754 7034' });
  await receipt(mueller.id, '250.00', d(3), { reference: 'rf1853900754 7034' });
  await receipt(lookAlike.id, '250.00', d(4), { reference: 'RF18 5390 0754 7034' });
  await receipt(mueller.id, '800.00', d(2), {
    payerIban: IBAN_CELIK,
    payerName: 'Celik Yapi AS',
    allocations: [{ invoice: big.invoiceId, amount: '800.00' }],
  });
  await writeOffInvoice(deps, tenantId, celikInvoice.invoiceId, { reason: 'uneinbringlich' });
  await writeOffInvoice(deps, tenantId, lookAlikeInvoice.invoiceId, { reason: 'Kulanz', amount: '1000.00' });
}

function countsOf(
  kinds: readonly { kind: string; found: number; created: number }[],
  field: 'found' | 'created',
) {
  return Object.fromEntries(kinds.filter((k) => k[field] > 0).map((k) => [k.kind, k[field]]));
}

describe(`anomaly detection through the API (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext(new Date().toISOString());
  });
  after(() => ctx.close());

  it('finds each planted case once, doubles nothing on a rescan, and keeps a dismissal', async () => {
    const t = await apiTenant(ctx);
    await plant(ctx.deps, t.tenant.tenantId);
    const admin = client(ctx.app, t.keys.admin);
    assert.equal((await client(ctx.app, t.keys.viewer).post('/v1/analytics/anomalies/scan')).status, 403);

    const scan = await admin.post('/v1/analytics/anomalies/scan');
    assert.equal(scan.status, 200, scan.text);
    assert.deepEqual(countsOf(scan.body.kinds, 'created'), EXPECTED);
    const again = await admin.post('/v1/analytics/anomalies/scan');
    assert.deepEqual(countsOf(again.body.kinds, 'found'), EXPECTED);
    assert.equal(again.body.created, 0, 'a rescan doubles nothing');

    const list = await admin.get('/v1/analytics/anomalies?kind=duplicate_payment');
    assert.equal(list.status, 200, list.text);
    const [dup] = list.body.items;
    assert.equal(list.body.items.length, 1);
    assert.equal(dup.evidence.facts.normalisedReference, 'rf1853900754' + '7034');
    const dismissed = await admin.post(`/v1/findings/${dup.id}/dismiss`, { note: 'Zwei Raten, vereinbart' });
    assert.equal(dismissed.status, 200, dismissed.text);
    assert.equal((await admin.post('/v1/analytics/anomalies/scan')).body.created, 0);

    const after = await admin.get('/v1/analytics/anomalies?limit=100');
    assert.equal(after.body.items.length, 5, 'no finding doubled, the dismissed one not raised again');
    const statusOf = new Map(after.body.items.map((f: { id: string; status: string }) => [f.id, f.status]));
    assert.equal(statusOf.get(dup.id), 'dismissed');
    const lapping = after.body.items.find((f: { kind: string }) => f.kind === 'lapping_signal');
    assert.deepEqual(lapping.evidence.facts.accountOnMasterOf.length, 1);
    assert.equal(lapping.severity, 'high');
    const monitoring = await admin.get('/v1/findings?kind=duplicate_invoice');
    assert.equal(monitoring.body.items.length, 1, 'the findings list shows anomaly kinds too');
  });
});

describe(`cashloop anomalies scan|list (${backendName})`, () => {
  let box: CliSandbox;
  before(async () => {
    box = await cliSandbox();
  });
  after(() => box.cleanup());

  it('scans, lists as {findings: […]}, rescans without doubling, and keeps a dismissal', async () => {
    assert.equal((await box.run('anomalies', 'list', '--json')).code, 0); // creates the PGlite tenant
    const database = box.env.DATABASE_URL
      ? await openDatabase({ kind: 'postgres', url: box.env.DATABASE_URL, poolSize: 1 })
      : await openDatabase({ kind: 'pglite', dataDir: box.env.CASHLOOP_DATA_DIR ?? '' });
    try {
      const tenantId = box.env.CASHLOOP_TENANT ?? (await listTenants(database.db))[0]?.tenantId ?? '';
      await plant(coreDeps(database.db, systemClock), tenantId);
    } finally {
      await database.close();
    }
    const scan = await box.run('anomalies', 'scan', '--json');
    assert.equal(scan.code, 0, scan.stderr);
    assert.deepEqual(countsOf(JSON.parse(scan.stdout).kinds, 'created'), EXPECTED);

    const list = await box.run('anomalies', 'list', '--status', 'open', '--json');
    const { findings } = JSON.parse(list.stdout);
    assert.equal(findings.length, 5);
    const credit = findings.find((f: { kind: string }) => f.kind === 'credit_after_receipt');
    assert.deepEqual(Object.keys(credit).slice(0, 5), ['id', 'kind', 'severity', 'status', 'subject']);
    assert.equal(credit.subject.type, 'invoice');
    assert.equal(credit.evidence.facts.daysBetween, 0);

    const dismiss = await box.run('findings', 'dismiss', credit.id, '--note', 'Gutschrift geprüft, korrekt');
    assert.equal(dismiss.code, 0, dismiss.stderr);
    const rescan = JSON.parse((await box.run('anomalies', 'scan', '--json')).stdout);
    assert.equal(rescan.created, 0);
    const dismissed = JSON.parse(
      (await box.run('anomalies', 'list', '--status', 'dismissed', '--json')).stdout,
    );
    assert.deepEqual(
      dismissed.findings.map((f: { id: string }) => f.id),
      [credit.id],
    );
    const bad = await box.run('anomalies', 'list', '--status', 'closed');
    assert.notEqual(bad.code, 0);
  });
});
