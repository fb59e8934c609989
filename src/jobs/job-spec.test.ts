import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dayPayload,
  drainPerTenant,
  oncePerTenantAndDay,
  oncePerTenantAndMonth,
  perInstallation,
  tenantDayPayload,
} from './job-spec.ts';

const TENANT = '0195d2a0-1111-7000-8000-000000000001';

describe('job payloads and keys', () => {
  it('a daily tenant run is keyed by its date; a monthly one by its month', () => {
    const day = oncePerTenantAndDay.payloadFor({ tenantId: TENANT, date: '2026-04-01' });
    assert.deepEqual(day, { tenantId: TENANT, date: '2026-04-01' });
    assert.equal(oncePerTenantAndDay.onceKey(day), '2026-04-01');
    assert.equal(oncePerTenantAndDay.queueKey(day), `${TENANT}:2026-04-01`);
    // A statement run triggered on the 15th by hand is the same month's run as the 1st's.
    const first = oncePerTenantAndMonth.payloadFor({ tenantId: TENANT, date: '2026-04-01' });
    const fifteenth = oncePerTenantAndMonth.payloadFor({ tenantId: TENANT, date: '2026-04-15' });
    assert.equal(oncePerTenantAndMonth.onceKey(first), '2026-04');
    assert.equal(oncePerTenantAndMonth.onceKey(fifteenth), '2026-04');
    assert.equal(oncePerTenantAndMonth.queueKey(fifteenth), `${TENANT}:2026-04`);
  });

  it('draining and installation jobs have no once-only key but one queue key per tenant or installation', () => {
    const drain = drainPerTenant.payloadFor({ tenantId: TENANT, date: '2026-04-01' });
    assert.deepEqual(drain, { tenantId: TENANT });
    assert.equal(drainPerTenant.onceKey, null);
    assert.equal(drainPerTenant.queueKey(drain), TENANT);
    assert.deepEqual(perInstallation.payloadFor({ tenantId: null, date: '2026-04-01' }), {
      date: '2026-04-01',
    });
    assert.equal(perInstallation.queueKey(), 'installation');
  });

  it('a tenant job cannot be built without a tenant', () => {
    assert.throws(
      () => oncePerTenantAndDay.payloadFor({ tenantId: null, date: '2026-04-01' }),
      /needs a tenant/,
    );
  });

  it('payload schemas are strict: real dates, UUID tenants, no extra fields', () => {
    assert.ok(tenantDayPayload.safeParse({ tenantId: TENANT, date: '2024-02-29' }).success);
    assert.equal(tenantDayPayload.safeParse({ tenantId: TENANT, date: '2026-02-29' }).success, false);
    assert.equal(tenantDayPayload.safeParse({ tenantId: 'acme', date: '2026-02-28' }).success, false);
    assert.equal(
      tenantDayPayload.safeParse({ tenantId: TENANT, date: '2026-02-28', force: true }).success,
      false,
    );
    assert.equal(dayPayload.safeParse({}).success, false);
  });
});
