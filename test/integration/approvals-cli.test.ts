/**
 * `cashloop approvals policy|list|show|approve`: a write-off waiting for approval (made by an API
 * key over the API's gate) is approved on the command line by the operating-system user, and
 * posts then; a second approval is refused with the conflict exit code.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openDatabase, withTransaction } from '../../src/db/client.ts';
import { approvalPolicyOf, gateInTx, invoiceWriteOff } from '../../src/modules/approvals/index.ts';
import { coreDeps } from '../../src/modules/core-deps.ts';
import { getInvoiceRowOrThrow } from '../../src/modules/invoices/index.ts';
import { listTenants } from '../../src/modules/tenants/index.ts';
import { runActingAs } from '../../src/shared/acting-as.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

const POLICY = approvalPolicyOf({ 'invoice.write_off': { thresholds: { EUR: '100.00' } } });

describe(`approvals CLI on ${backendName}`, () => {
  let cli: CliSandbox;
  before(async () => {
    cli = await cliSandbox();
  });
  after(() => cli.cleanup());

  /** A pending write-off of `number`, made by an API key (the maker), straight through the gate. */
  async function requestWriteOff(number: string): Promise<string> {
    const url = cli.env.DATABASE_URL;
    const database = await openDatabase(
      url
        ? { kind: 'postgres', url, poolSize: 2 }
        : { kind: 'pglite', dataDir: String(cli.env.CASHLOOP_DATA_DIR) },
    );
    try {
      const deps = coreDeps(database.db, systemClock);
      const tenantId = cli.env.CASHLOOP_TENANT ?? (await listTenants(database.db))[0]?.tenantId ?? '';
      const maker = { keyId: '0195f0a0-0000-7000-8000-000000000001', userId: null, name: 'Erfassung Ä' };
      const gated = await runActingAs(maker, () =>
        withTransaction(database.db, (tx) =>
          gateInTx(tx, deps, tenantId, invoiceWriteOff, { invoice: number, input: { reason: 'Insolvenz' } }),
        ),
      );
      assert.ok(gated.pending, 'EUR 250.00 ≥ EUR 100.00 waits');
      assert.equal((await getInvoiceRowOrThrow(database.db, tenantId, number)).openMinor, 250_00n);
      return gated.request.requestId;
    } finally {
      await database.close();
    }
  }

  test('approve runs the waiting write-off; a second approve is refused', async () => {
    const customers = cli.file('customers.csv', 'external_id,name\nMB1,Müller-Bau GmbH\n');
    assert.equal((await cli.run('import', 'customers', customers)).code, 0);
    const items = cli.file(
      'items.csv',
      'number,customer_external_id,issue_date,currency,total\nINV-7001,MB1,2026-01-10,EUR,250.00\n',
    );
    const imported = await cli.run('import', 'invoices', items);
    assert.equal(imported.code, 0, imported.stderr);
    const set = await cli.run(
      'approvals',
      'policy',
      '--set',
      cli.file('policy.json', JSON.stringify(POLICY)),
    );
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /invoice\.write_off\s+yes\s+EUR 100\.00\s+credit/);

    const id = await requestWriteOff('INV-7001');
    const listed = await cli.run('approvals', 'list', '--status', 'pending', '--json');
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      JSON.parse(listed.stdout).map((r: { requestId: string }) => r.requestId),
      [id],
    );
    const misspelt = await cli.run('approvals', 'list', '--status', 'waiting');
    assert.equal(misspelt.code, 3, 'an unknown status is refused, not answered with an empty list');
    assert.match(misspelt.stderr, /one of pending, approved/);
    const approved = await cli.run('approvals', 'approve', id, '--reason', 'geprüft');
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, new RegExp(`${id}  invoice\\.write_off  approved`));
    assert.match(approved.stdout, /approved by cli:/);
    const shown = await cli.run('approvals', 'show', id, '--json');
    assert.equal(JSON.parse(shown.stdout).status, 'approved');

    const again = await cli.run('approvals', 'approve', id);
    assert.equal(again.code, 5);
    assert.match(again.stderr, /^error: approval request .* is approved, not pending/);
  });
});
