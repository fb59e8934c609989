import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { importBankStatement } from '../../src/modules/bank/statement-import.service.ts';
import { AppError } from '../../src/shared/errors.ts';
import { type ApiTestContext, apiTenant, openApiTestContext } from '../helpers/api.ts';
import { backendName, newTenant } from '../helpers/backends.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/bank/handmade/${name}`, import.meta.url), 'utf8');

describe(`bank statement import on ${backendName}`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  async function stored(tenantId: string) {
    const [row] = await queryRows<{
      accounts: number;
      statements: number;
      transactions: number;
      ledger: number;
    }>(
      ctx.deps.db,
      sql`select (select count(*)::int from bank_accounts where tenant_id = ${tenantId}) as accounts,
                 (select count(*)::int from bank_statements where tenant_id = ${tenantId}) as statements,
                 (select count(*)::int from bank_transactions where tenant_id = ${tenantId}) as transactions,
                 (select count(*)::int from accounts where tenant_id = ${tenantId}) as ledger`,
    );
    return row;
  }

  test('registers the account once, stores each transaction once, and counts what it skipped', async () => {
    const tenant = await newTenant(ctx);
    const first = await importBankStatement(ctx.deps, tenant.tenantId, fixture('camt053-a.xml'));
    assert.equal(first.format, 'camt.053');
    assert.deepEqual(first.totals, { entries: 2, imported: 2, skipped: 0 });
    const [a] = first.statements;
    assert.ok(a);
    assert.equal(a.account, 'DE89370400440532013000');
    assert.equal(a.newAccount, true);
    assert.equal(a.ledgerAccount, '1201');
    assert.equal(a.opening, '1000.00');
    assert.equal(a.closing, '1219.00');
    assert.equal(a.balanced, true);
    const lines = await queryRows<{
      bank_reference: string;
      amount_minor: bigint;
      counterparty_name: string | null;
    }>(
      ctx.deps.db,
      sql`select bank_reference, amount_minor, counterparty_name from bank_transactions
          where tenant_id = ${tenant.tenantId} order by bank_reference`,
    );
    assert.deepEqual(
      lines.map((l) => [l.bank_reference, l.amount_minor, l.counterparty_name]),
      [
        ['BANKREF-001', 23_800n, 'Acme Trading GmbH'],
        ['BANKREF-002', -1_900n, null],
      ],
    );

    const again = await importBankStatement(ctx.deps, tenant.tenantId, fixture('camt053-a.xml'));
    assert.deepEqual(again.totals, { entries: 2, imported: 0, skipped: 2 });
    assert.equal(again.statements[0]?.newAccount, false);

    const overlapping = await importBankStatement(
      ctx.deps,
      tenant.tenantId,
      fixture('camt053-b-overlapping.xml'),
    );
    assert.deepEqual(overlapping.totals, { entries: 2, imported: 1, skipped: 1 });
    const counts = await stored(tenant.tenantId);
    assert.deepEqual([counts?.accounts, counts?.statements, counts?.transactions], [1, 3, 3]);
    const ledger = await queryRows<{ code: string; name: string }>(
      ctx.deps.db,
      sql`select code, name from accounts where tenant_id = ${tenant.tenantId} and code = '1201'`,
    );
    assert.deepEqual(ledger, [{ code: '1201', name: 'Bank EUR DE89 3704 0044 0532 0130 00' }]);
  });

  test('an unbalanced statement is imported with a warning; a dry run stores nothing', async () => {
    const tenant = await newTenant(ctx);
    const beforeDry = await stored(tenant.tenantId);
    const dry = await importBankStatement(ctx.deps, tenant.tenantId, fixture('mt940-unbalanced.sta'), {
      dryRun: true,
    });
    assert.equal(dry.dryRun, true);
    assert.equal(dry.format, 'mt940');
    assert.equal(dry.statements[0]?.balanced, false);
    assert.equal(dry.statements[0]?.difference, '-62.00');
    const afterDry = await stored(tenant.tenantId);
    assert.deepEqual(
      [afterDry?.accounts, afterDry?.statements, afterDry?.transactions, afterDry?.ledger],
      [0, 0, 0, beforeDry?.ledger],
    );
    const real = await importBankStatement(ctx.deps, tenant.tenantId, fixture('mt940-unbalanced.sta'));
    assert.equal(real.totals.imported, 1);
    assert.equal(real.statements[0]?.account, '10020030/1234567');
  });

  test('pending entries (not booked yet) are shown in the report but not imported', async () => {
    const tenant = await newTenant(ctx);
    const text = fixture('camt053-a.xml').replace(
      '<Amt Ccy="EUR">19.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>',
      '<Amt Ccy="EUR">19.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>PDNG</Sts>',
    );
    const result = await importBankStatement(ctx.deps, tenant.tenantId, text);
    assert.equal(result.statements[0]?.pending, 1);
    assert.deepEqual(result.totals, { entries: 2, imported: 1, skipped: 0 });
    const later = await importBankStatement(ctx.deps, tenant.tenantId, fixture('camt053-a.xml'));
    assert.deepEqual(later.totals, { entries: 2, imported: 1, skipped: 1 }, 'booked later, imported then');
  });

  test('a malformed file is rejected whole with its position, and nothing is stored', async () => {
    const tenant = await newTenant(ctx);
    const before = await stored(tenant.tenantId);
    const broken = fixture('camt053-a.xml').replace('</Ntry>\n      <Ntry>', '</Ntry>\n      <Ntry><Amt>');
    const error = await importBankStatement(ctx.deps, tenant.tenantId, broken).catch((e: unknown) => e);
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, 'import_rejected');
    assert.match(error.message, /line \d+/);
    assert.deepEqual(await stored(tenant.tenantId), before);
    const unknown = await importBankStatement(ctx.deps, tenant.tenantId, 'hello, world\n').catch(
      (e: unknown) => e,
    );
    assert.ok(unknown instanceof AppError);
    assert.match(unknown.message, /format/);
  });

  test('POST /v1/bank/statements takes the file as the body; viewers may not import', async () => {
    const { keys } = await apiTenant(ctx);
    const post = (key: string, body: string, query = '') =>
      ctx.app.inject({
        method: 'POST',
        url: `/v1/bank/statements${query}`,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
        payload: body,
      });
    assert.equal((await post(keys.viewer, fixture('camt053-a.xml'))).statusCode, 403);
    const created = await post(keys.accountant, fixture('camt053-a.xml'));
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.json().totals, { entries: 2, imported: 2, skipped: 0 });
    const again = await post(keys.accountant, fixture('camt053-a.xml'), '?format=camt.053');
    assert.deepEqual(again.json().totals, { entries: 2, imported: 0, skipped: 2 });
    const bad = await post(keys.accountant, '<Document><BkToCstmrStmt>');
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  });
});
