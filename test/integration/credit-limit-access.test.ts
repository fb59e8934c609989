/**
 * A credit limit is a credit decision on every path that sets one: creating a customer over the
 * API, changing it, and importing customers. An accountant gets 403 naming the field and why; an
 * import that may not set limits is refused whole, naming each line and the credit_limit column.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importCustomersCsv } from '../../src/modules/imports/customers-import.ts';
import { AppError } from '../../src/shared/errors.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

describe(`credit limits need the credit level on every path (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  it('refuses an accountant creating a customer with a limit, and changes nothing', async () => {
    const { keys } = await apiTenant(ctx);
    const accountant = client(ctx.app, keys.accountant);
    const body = {
      externalId: 'MÜLLER-01',
      name: 'Müller Bau GmbH',
      currency: 'EUR',
      creditLimit: '25000.00',
    };
    const denied = await accountant.post('/v1/customers', body);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.code, 'forbidden');
    assert.match(denied.body.detail, /accountant may not set creditLimit.*credit_manager or admin/);
    assert.deepEqual(denied.body.errors, [
      { field: 'creditLimit', message: 'needs the credit_manager or admin role' },
    ]);
    assert.equal((await accountant.get('/v1/customers/MÜLLER-01')).status, 404, 'nothing was created');
    const denied422 = await accountant.post('/v1/customers', { creditLimit: 'lots' });
    assert.equal(denied422.status, 403, 'the role check runs before the body is validated');

    const { creditLimit: _, ...withoutLimit } = body;
    const plain = await accountant.post('/v1/customers', withoutLimit);
    assert.equal(plain.status, 201);
    assert.equal(plain.body.creditLimit, null);
  });

  it('lets a credit manager and an admin create a customer with a limit', async () => {
    const { keys } = await apiTenant(ctx);
    for (const [role, key] of [
      ['credit_manager', keys.credit_manager],
      ['admin', keys.admin],
    ] as const) {
      const res = await client(ctx.app, key).post('/v1/customers', {
        externalId: `LIM-${role}`,
        name: `Limit ${role}`,
        currency: 'CHF',
        creditLimit: '12000.50',
      });
      assert.equal(res.status, 201, role);
      assert.equal(res.body.creditLimit, '12000.50');
    }
  });

  const csv = `external_id,name,currency,credit_limit
BÄCKEREI-1,Bäckerei Öztürk,EUR,
BÄCKEREI-2,Bäckerei Oeztuerk,EUR,8000
BÄCKEREI-3,Baeckerei Öztürk & Söhne,EUR,1500.00
`;

  it('refuses a customer import carrying limits when it may not set them, naming each line', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const error = await importCustomersCsv(ctx.deps, tenant.tenantId, csv, { creditLimits: 'refused' }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'import_rejected');
    assert.deepEqual(
      error.details.map((d) => [d.line, d.field]),
      [
        [3, 'credit_limit'],
        [4, 'credit_limit'],
      ],
    );
    assert.match(error.details[0]?.message ?? '', /credit_manager or admin/);
    const listed = await client(ctx.app, keys.viewer).get('/v1/customers');
    assert.deepEqual(listed.body.items, [], 'the refused file imported nothing, not even line 2');
    const withoutLimits = csv.replace(',8000', ',').replace(',1500.00', ',');
    const ok = await importCustomersCsv(ctx.deps, tenant.tenantId, withoutLimits, {
      creditLimits: 'refused',
    });
    assert.equal(ok.created, 3, 'a file without limits imports as usual');
  });

  it('imports limits where the importer may set them (the CLI, as administrator)', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const result = await importCustomersCsv(ctx.deps, tenant.tenantId, csv, { creditLimits: 'allowed' });
    assert.equal(result.created, 3);
    const got = await client(ctx.app, keys.viewer).get('/v1/customers/BÄCKEREI-2');
    assert.equal(got.body.creditLimit, '8000.00');
  });
});
