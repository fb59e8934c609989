/**
 * A rejected file stores nothing: for bank statements, remittance advices and the CSV imports,
 * through the API and the CLI, the rows of every table that holds tenant data are counted before
 * and after a refused upload and must be the same — whether the file is refused by its syntax, by
 * an XML bomb in its DOCTYPE, or by a bad last row after good ones. A few inputs of the fuzzer
 * (mutated real statements) go through the API too: each is stored or answered 422, never 500.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { inputAt } from '../../bench/fuzz/campaign.ts';
import { inputArbitrary, targetByName } from '../../bench/fuzz/targets.ts';
import { type Database, openDatabase, queryRows } from '../../src/db/client.ts';
import { type ApiTestContext, apiTenant, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

type Db = Database['db'];

/** Rows per table, of every table with a tenant_id column (all rows when `tenantId` is null). */
async function rowCounts(db: Db, tenantId: string | null): Promise<Record<string, number>> {
  const tables = await queryRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.columns
        where column_name = 'tenant_id' and table_schema = current_schema() order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const where = tenantId === null ? sql`` : sql` where tenant_id = ${tenantId}`;
    const [row] = await queryRows<{ n: number | bigint | string }>(
      db,
      sql`select count(*) as n from ${sql.identifier(table)}${where}`,
    );
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/bank/handmade/${name}`, import.meta.url), 'utf8');
}

/** 2^63 − 1 cents: beyond the books' limit of 10^13 minor units. */
const HUGE = '92233720368547758.07';

const BOMB_DOCTYPE =
  '<!DOCTYPE Document [\n<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n';

/** camt053-a.xml with its last entry's amount beyond the limit: the entries before it are good. */
function camtBadAtTheEnd(): string {
  const camt = fixture('camt053-a.xml');
  const last = camt.lastIndexOf('<Amt Ccy="EUR">');
  const end = camt.indexOf('</Amt>', last);
  return `${camt.slice(0, last)}<Amt Ccy="EUR">${HUGE}${camt.slice(end)}`;
}

describe(`a rejected import stores nothing: API (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
  });
  after(() => ctx.close());

  async function post(key: string, url: string, payload: string, type: string) {
    return ctx.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${key}`, 'content-type': type },
      payload,
    });
  }

  it('a statement refused for a bad last entry, an XML bomb or an external entity changes no row', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const good = await post(
      keys.accountant,
      '/v1/bank/statements',
      fixture('camt053-b-overlapping.xml'),
      'application/xml',
    );
    assert.equal(good.statusCode, 201, good.body);
    const before = await rowCounts(ctx.deps.db, tenant.tenantId);
    const xxe = fixture('camt053-a.xml').replace(
      /<Document/,
      '<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Document',
    );
    for (const [what, body, line] of [
      ['bad last entry', camtBadAtTheEnd(), null],
      ['billion laughs', fixture('camt053-a.xml').replace(/<Document/, `${BOMB_DOCTYPE}<Document`), 3],
      ['external entity', xxe, null],
    ] as const) {
      const res = await post(keys.accountant, '/v1/bank/statements', body, 'application/xml');
      assert.equal(res.statusCode, 422, `${what}: ${res.body}`);
      assert.doesNotMatch(res.body, /root:x:0/, what);
      if (line !== null) assert.equal(res.json().errors[0]?.line, line, what);
      assert.deepEqual(await rowCounts(ctx.deps.db, tenant.tenantId), before, what);
    }
  });

  it('a remittance advice refused on its last line changes no row', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const before = await rowCounts(ctx.deps.db, tenant.tenantId);
    const csv = 'Zahler: Müller Bau GmbH\nRechnungsnummer;Betrag\nRE-2026-001;1.000,00\nRE-2026-002;zwölf\n';
    const res = await post(keys.accountant, '/v1/remittance-advices', csv, 'text/csv');
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().errors[0]?.line, 4);
    assert.deepEqual(await rowCounts(ctx.deps.db, tenant.tenantId), before);
  });

  it('mutated real statements from the fuzzer are stored whole or refused whole, never a 500', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const target = targetByName('camt');
    const inputs = inputArbitrary(target);
    let refused = 0;
    for (let index = 0; index < 12; index++) {
      const input = inputAt(target, inputs, 7, index);
      const before = await rowCounts(ctx.deps.db, tenant.tenantId);
      const res = await post(keys.accountant, '/v1/bank/statements', input, 'application/xml');
      assert.ok(
        [201, 200, 413, 422].includes(res.statusCode),
        `input ${index}: ${res.statusCode} ${res.body.slice(0, 300)}`,
      );
      if (res.statusCode >= 400) {
        refused += 1;
        assert.deepEqual(await rowCounts(ctx.deps.db, tenant.tenantId), before, `input ${index}`);
      }
    }
    assert.ok(refused > 0, 'some mutated statements are refused');
  });
});

describe(`a rejected import stores nothing: CLI (${backendName})`, () => {
  let box: CliSandbox;
  let db: Database | null = null;
  before(async () => {
    box = await cliSandbox();
  });
  after(async () => {
    await db?.close();
    box.cleanup();
  });

  /** The CLI's rows: its tenant's on PostgreSQL, the whole data directory on PGlite (opened after each run). */
  async function counts(): Promise<Record<string, number>> {
    const url = box.env.DATABASE_URL;
    if (url) {
      db ??= await openDatabase({ kind: 'postgres', url, poolSize: 1 });
      return rowCounts(db.db, box.env.CASHLOOP_TENANT ?? null);
    }
    const local = await openDatabase({ kind: 'pglite', dataDir: join(box.dir, 'data') });
    try {
      return await rowCounts(local.db, null);
    } finally {
      await local.close();
    }
  }

  it('customers, invoices and a statement refused on their last line change no row, with a non-zero exit', async () => {
    const ok = await box.run(
      'import',
      'customers',
      box.file('ok.csv', 'external_id,name\nC-1,Müller Bau GmbH\n'),
    );
    assert.equal(ok.code, 0, ok.stderr);
    const before = await counts();
    const cases = [
      [
        'import',
        'customers',
        box.file(
          'c.csv',
          'external_id,name,email\nC-2,Mueller Bau GmbH,ap@mueller.example\nC-3,Müller Bau AG,not-an-address\n',
        ),
      ],
      [
        'import',
        'invoices',
        box.file(
          'i.csv',
          'number,customer_external_id,issue_date,currency,total\nOLD-1,C-1,2026-01-10,EUR,100.00\nOLD-2,C-1,2026-02-30,EUR,100.00\n',
        ),
      ],
      ['bank', 'import', box.file('s.xml', camtBadAtTheEnd())],
      [
        'bank',
        'import',
        box.file('b.xml', fixture('camt053-a.xml').replace(/<Document/, `${BOMB_DOCTYPE}<Document`)),
      ],
    ];
    for (const args of cases) {
      const res = await box.run(...args);
      assert.notEqual(res.code, 0, `${args.join(' ')}: ${res.stdout}`);
      assert.match(res.stderr, /^error: /, args.join(' '));
      assert.match(res.stderr, /line \d+/, args.join(' '));
      assert.deepEqual(await counts(), before, args.join(' '));
    }
  });
});
