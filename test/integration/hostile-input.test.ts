/**
 * A hostile-input probe through the API (and the import services): amounts beyond the books'
 * limit, NUL characters, dates outside 1900-01-01..2199-12-31, negative credit limits, database
 * constraint violations and future as-of dates of state-changing runs. Each answer must be a
 * 4xx naming the field (or the line and field of a file), never a 500, and the reports must keep
 * answering afterwards.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { memoryIo } from '../../src/cli/io.ts';
import { reportError } from '../../src/cli/main.ts';
import { queryRowsWithSums, sumMinor } from '../../src/db/sums.ts';
import { toProblem } from '../../src/http/problem.ts';
import { importCustomersCsv } from '../../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../../src/modules/imports/invoices-import.ts';
import { AppError } from '../../src/shared/errors.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';
import { examplePolicyInput } from '../helpers/dunning.ts';

type Api = ReturnType<typeof client>;
// biome-ignore lint/suspicious/noExplicitAny: problem+json bodies are asserted field by field
type Body = any;

/** 92233720368547758.07 EUR is 2^63 − 1 cents: the probe's amount. */
const HUGE = '92233720368547758.07';
/** One cent above the limit of 10^13 minor units. */
const OVER = '100000000000.01';
const LIMIT = '100000000000.00';

function fieldsOf(body: Body): string[] {
  return (body?.errors ?? []).map((e: { field?: string }) => e.field);
}

function assertRefused(res: { status: number; body: Body }, status: number, field: string, what: string) {
  assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
  assert.ok(fieldsOf(res.body).includes(field), `${what}: names ${field}, got ${JSON.stringify(res.body)}`);
}

async function assertReportsAnswer(api: Api, customer: string) {
  for (const url of [
    '/v1/ledger/trial-balance',
    '/v1/reports/aging?asOf=2026-03-31',
    `/v1/credit/customers/${customer}`,
    '/v1/worklist',
    `/v1/customers/${customer}/statement.pdf`,
  ]) {
    const res = await api.get(url);
    assert.equal(res.status, 200, `${url}: ${res.status} ${res.text.slice(0, 200)}`);
  }
}

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/bank/handmade/${name}`, import.meta.url), 'utf8');
}

describe(`hostile input (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
  });
  after(() => ctx.close());

  async function tenantWithCustomer() {
    const t = await apiTenant(ctx);
    const api = client(ctx.app, t.keys.admin);
    const created = await api.post('/v1/customers', { externalId: 'INV-100003', name: 'Müller Bau GmbH' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { ...t, api, customer: created.body.id as string };
  }

  it('refuses amounts beyond 10^13 minor units everywhere they enter, and the reports keep answering', async () => {
    const { api, customer } = await tenantWithCustomer();
    const receipt = (amount: string) =>
      api.post('/v1/receipts', { customer, receivedOn: '2026-03-30', amount, method: 'bank_transfer' });
    assertRefused(await receipt(HUGE), 422, 'amount', 'receipt of 2^63−1 cents');
    assertRefused(await receipt(OVER), 422, 'amount', 'receipt one cent over');
    assert.equal((await receipt(LIMIT)).status, 201, 'the limit itself is accepted');
    const invoice = (quantity: string, unitPrice: string) =>
      api.post('/v1/invoices', {
        customer,
        issue: true,
        issueDate: '2026-03-01',
        lines: [{ description: 'Beton', quantity, unitPrice }],
      });
    assertRefused(await invoice('1', HUGE), 422, 'lines[0].unitPrice', 'invoice line price');
    assertRefused(await invoice('1000000', '1000000'), 422, 'lines[0].unitPrice', 'quantity × price');
    const issued = await invoice('1', '1000.00');
    assert.equal(issued.status, 201);
    const id = issued.body.id;
    assertRefused(
      await api.post(`/v1/invoices/${id}/credit`, { amount: HUGE, reason: 'x' }),
      422,
      'amount',
      'credit note',
    );
    assertRefused(
      await api.post(`/v1/invoices/${id}/write-off`, { amount: HUGE, reason: 'x' }),
      422,
      'amount',
      'write-off',
    );
    assertRefused(
      await api.post(`/v1/credit/customers/${customer}/limit`, { limit: HUGE }),
      422,
      'limit',
      'credit limit',
    );
    const policy = examplePolicyInput({ name: 'Huge fee', isDefault: false });
    const levels = policy.levels.map((l, i) => (i === 3 ? { ...l, fees: { EUR: HUGE } } : l));
    assertRefused(
      await api.post('/v1/dunning/policies', { ...policy, levels }),
      422,
      'levels[3].fees.EUR',
      'fee',
    );
    await assertReportsAnswer(api, customer);
  });

  it('sums amounts in numeric: two 2^63 − 1 amounts add up instead of failing with "bigint out of range"', async () => {
    const rows = await queryRowsWithSums<{ total: bigint; positive: bigint }>(
      ctx.deps.db,
      sql`select ${sumMinor(sql`x`)} as total, ${sumMinor(sql`x`, sql`x > 0`)} as positive
          from (values (9223372036854775807::bigint), (9223372036854775807::bigint), (-1::bigint)) v(x)`,
      ['total', 'positive'],
    );
    assert.deepEqual(rows, [{ total: 18446744073709551613n, positive: 18446744073709551614n }]);
  });

  it('refuses an imported invoice or bank line beyond the limit, naming the line and field', async () => {
    const { tenant, keys, api, customer } = await tenantWithCustomer();
    const csv = `number,customer_external_id,issue_date,due_date,currency,total\nOLD-1,INV-100003,2026-01-10,2026-02-10,EUR,${HUGE}\n`;
    const imported = await importInvoicesCsv(ctx.deps, tenant.tenantId, csv).catch((e: unknown) => e);
    assert.ok(imported instanceof AppError, String(imported));
    assert.deepEqual(
      imported.details.map((d) => [d.line, d.field]),
      [[2, 'total']],
    );
    assert.match(imported.details[0]?.message ?? '', /exceeds the maximum of 100000000000\.00 EUR/);
    const camt = fixture('camt053-a.xml').replace(
      '<Amt Ccy="EUR">238.00</Amt>',
      `<Amt Ccy="EUR">${HUGE}</Amt>`,
    );
    const bank = await ctx.app.inject({
      method: 'POST',
      url: '/v1/bank/statements',
      headers: { authorization: `Bearer ${keys.accountant}`, 'content-type': 'application/xml' },
      payload: camt,
    });
    assert.equal(bank.statusCode, 422, bank.body);
    assert.deepEqual(
      bank.json().errors.map((e: Body) => [e.line, e.field]),
      [[11, 'amount']], // the line where the entry (<Ntry>) starts
    );
    await assertReportsAnswer(api, customer);
  });

  it('refuses NUL characters in any text field with a 422 naming it, in the API and in CSV imports', async () => {
    const { tenant, api, customer } = await tenantWithCustomer();
    assertRefused(
      await api.post('/v1/customers', { externalId: 'C-2', name: 'Bäckerei\u0000 Öhler' }),
      422,
      'name',
      'customer name',
    );
    assertRefused(
      await api.post('/v1/invoices', {
        customer,
        lines: [
          { description: 'ok', quantity: '1', unitPrice: '1' },
          { description: 'x\u0000', quantity: '1', unitPrice: '1' },
        ],
      }),
      422,
      'lines[1].description',
      'line description',
    );
    assertRefused(await api.get('/v1/customers?q=a%00b'), 422, 'query.q', 'query string');
    const csv = 'external_id,name\nC-3,Good\nC-4,Bad\u0000Name\n';
    const imported = await importCustomersCsv(ctx.deps, tenant.tenantId, csv).catch((e: unknown) => e);
    assert.ok(imported instanceof AppError, String(imported));
    assert.deepEqual(
      imported.details.map((d) => [d.line, d.field]),
      [[3, 'name']],
    );
  });

  it('refuses dates before 1900-01-01 or after 2199-12-31, naming the field', async () => {
    const { tenant, api, customer } = await tenantWithCustomer();
    for (const receivedOn of ['0001-01-01', '9999-12-31'])
      assertRefused(
        await api.post('/v1/receipts', { customer, receivedOn, amount: '10.00', method: 'bank_transfer' }),
        422,
        'receivedOn',
        `receipt on ${receivedOn}`,
      );
    assertRefused(
      await api.post('/v1/invoices', {
        customer,
        issueDate: '9999-12-31',
        lines: [{ description: 'x', quantity: '1', unitPrice: '1' }],
      }),
      422,
      'issueDate',
      'invoice issue date',
    );
    assert.equal((await api.get('/v1/reports/aging?asOf=0001-01-01')).status, 422);
    const csv =
      'number,customer_external_id,issue_date,due_date,currency,total\nOLD-2,INV-100003,0001-01-10,9999-02-10,EUR,10\n';
    const imported = await importInvoicesCsv(ctx.deps, tenant.tenantId, csv).catch((e: unknown) => e);
    assert.ok(imported instanceof AppError, String(imported));
    assert.deepEqual(
      imported.details.map((d) => [d.line, d.field]),
      [
        [2, 'issue_date'],
        [2, 'due_date'],
      ],
    );
  });

  it('maps unique, foreign-key and check violations of the database to a 409 naming the field', async () => {
    const { tenant, api, customer } = await tenantWithCustomer();
    const other = await api.post('/v1/customers', { externalId: 'INV-100004', name: 'Mueller Bau GmbH' });
    assert.equal(other.status, 201);
    const invoice = await api.post('/v1/invoices', {
      customer,
      lines: [{ description: 'Kies', quantity: '1', unitPrice: '10' }],
    });
    assert.equal(invoice.status, 201);
    const refused = async (statement: ReturnType<typeof sql>) => {
      const error = await ctx.deps.db.execute(statement).then(
        () => assert.fail('the database accepted it'),
        (e: unknown) => e,
      );
      return toProblem(error, { url: '/v1/probe' } as FastifyRequest);
    };
    const where = sql`tenant_id = ${tenant.tenantId}`;
    const unique = await refused(
      sql`update customers set external_id = 'INV-100003' where ${where} and external_id = 'INV-100004'`,
    );
    const foreign = await refused(sql`delete from customers where ${where} and customer_id = ${customer}`);
    const key = await refused(
      sql`insert into credit_holds (tenant_id, hold_id, customer_id, kind, set_on, set_by_name)
          values (${tenant.tenantId}, gen_random_uuid(), gen_random_uuid(), 'manual', '2026-03-31', 'probe')`,
    );
    const check = await refused(sql`update customers set credit_limit_minor = -1 where ${where}`);
    assert.match(foreign.detail, /customer INV-100003 has invoices/, 'a trigger explains itself');
    for (const [p, field] of [
      [unique, 'externalId'],
      [foreign, 'customer'],
      [key, 'customerId'],
      [check, 'creditLimit'],
    ] as const) {
      assert.equal(p.status, 409, JSON.stringify(p));
      assert.equal(p.code, 'conflict');
      assert.deepEqual(
        p.errors.map((e) => e.field),
        [field],
        JSON.stringify(p),
      );
    }
  });

  it('refuses a negative credit limit with a 422, on create, patch and the limit route', async () => {
    const { keys, api, customer } = await tenantWithCustomer();
    const credit = client(ctx.app, keys.credit_manager);
    assertRefused(
      await credit.post('/v1/customers', { externalId: 'NEG', name: 'Negative', creditLimit: '-1.00' }),
      422,
      'creditLimit',
      'create',
    );
    assertRefused(
      await credit.patch(`/v1/customers/${customer}`, { creditLimit: '-5' }),
      422,
      'creditLimit',
      'patch',
    );
    assertRefused(
      await api.post(`/v1/credit/customers/${customer}/limit`, { limit: '-5' }),
      422,
      'limit',
      'limit',
    );
  });

  it('refuses a future as-of date for runs that change state, naming asOf; reports may look ahead', async () => {
    const { keys, api } = await tenantWithCustomer();
    const credit = client(ctx.app, keys.credit_manager);
    assertRefused(
      await api.post('/v1/promises/check', { asOf: '2099-01-01' }),
      422,
      'asOf',
      'promises check',
    );
    assertRefused(await api.post('/v1/dunning/runs', { asOf: '2026-04-02' }), 422, 'asOf', 'dunning run');
    assertRefused(await credit.post('/v1/credit/check', { asOf: '2027-03-31' }), 422, 'asOf', 'credit check');
    assert.equal((await api.post('/v1/promises/check', { asOf: '2026-03-31' })).status, 200, 'today is fine');
    const dry = await api.post('/v1/dunning/runs', { asOf: '2026-06-30', dryRun: true });
    assert.equal(dry.status, 200, `a dry run changes nothing: ${JSON.stringify(dry.body)}`);
    assert.equal((await api.get('/v1/reports/aging?asOf=2099-01-01')).status, 200, 'a report may look ahead');
  });
});

describe(`hostile input through the CLI (${backendName})`, () => {
  let box: CliSandbox;
  before(async () => {
    box = await cliSandbox();
  });
  after(() => box.cleanup());

  it('a bad file gets one line per reason (line and field), no SQL, and a non-zero exit', async () => {
    assert.equal(
      (await box.run('import', 'customers', box.file('c.csv', 'external_id,name\nINV-100003,Müller\n'))).code,
      0,
    );
    const csv = [
      'number,customer_external_id,issue_date,due_date,currency,total',
      `OLD-1,INV-100003,2026-01-10,2026-02-10,EUR,${HUGE}`,
      'OLD-2,INV-100003,0001-01-10,2026-02-10,EUR,10.00',
    ].join('\n');
    const bad = await box.run('import', 'invoices', box.file('i.csv', csv));
    assert.equal(bad.code, 3, bad.stderr);
    assert.doesNotMatch(bad.stderr, /insert into|select |params|Failed query/i);
    const lines = bad.stderr.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^error: /);
    assert.ok(
      lines.slice(1).every((l) => /^ {2}line \d+, field \w+: /.test(l)),
      bad.stderr,
    );
    assert.ok(
      lines.some((l) => /line 2, field total: amount exceeds the maximum/.test(l)),
      bad.stderr,
    );
    assert.ok(
      lines.some((l) => /line 3, field issue_date: /.test(l)),
      bad.stderr,
    );
    const nul = await box.run(
      'import',
      'customers',
      box.file('n.csv', 'external_id,name\nC-9,Nul\u0000GmbH\n'),
    );
    assert.equal(nul.code, 3, nul.stderr);
    assert.match(nul.stderr, /line 2, field name: must not contain a NUL character/);
  });

  it('a database error is reported by its own reason, never by the SQL text and its parameters', async () => {
    const ctx = await openApiTestContext();
    try {
      const error = await ctx.deps.db
        .execute(sql`select ${'2026-02-30'}::date as d, ${'secret-parameter'}::text as p`)
        .then(
          () => assert.fail('the database accepted February 30'),
          (e: unknown) => e,
        );
      const io = memoryIo();
      assert.equal(reportError(error, io), 3);
      const text = io.err.join('');
      assert.match(text, /^error: the database refused a value: .*2026-02-30/);
      assert.doesNotMatch(text, /select|secret-parameter/);
      assert.equal(text.trimEnd().split('\n').length, 1, text);
    } finally {
      await ctx.close();
    }
  });
});
