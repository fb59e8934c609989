/** The demo company's users: one per role, the README's passwords, created once. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureDemoUsers, listUsers } from '../../src/modules/users/index.ts';
import { type ApiTestContext, openApiTestContext, signIn } from '../helpers/api.ts';
import { backendName, newTenant } from '../helpers/backends.ts';

describe(`demo users (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  it('signs each role in with the password the README lists, and a reload adds none', async () => {
    const tenant = await newTenant(ctx);
    const readme: [string, string, string][] = [
      ['admin@demo.cashloop.test', 'demo-admin', 'admin'],
      ['credit@demo.cashloop.test', 'demo-credit', 'credit_manager'],
      ['accountant@demo.cashloop.test', 'demo-accountant', 'accountant'],
      ['collector@demo.cashloop.test', 'demo-collector', 'collector'],
      ['viewer@demo.cashloop.test', 'demo-viewer', 'viewer'],
    ];
    assert.equal((await ensureDemoUsers(ctx.deps, tenant.tenantId)).length, 5);
    assert.equal((await ensureDemoUsers(ctx.deps, tenant.tenantId)).length, 0, 'a second load keeps them');
    assert.equal((await listUsers(ctx.deps.db, tenant.tenantId)).length, 5);
    for (const [email, password, role] of readme) {
      const session = await signIn(ctx.app, email, password);
      assert.equal(session.body.user.role, role);
      assert.equal(session.body.user.mustChangePassword, false);
    }
  });
});
