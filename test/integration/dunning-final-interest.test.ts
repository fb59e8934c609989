/**
 * The final interest statement: an invoice charged interest by a letter and paid after that
 * letter owes the interest from the day after the charge to the payment. The first run on or after
 * the payment issues it as a DUN open item (Dr AR / Cr interest income), once, when the policy asks
 * for it; by default nothing is charged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { createPolicy } from '../../src/modules/dunning/policies.service.ts';
import { runDunning } from '../../src/modules/dunning/run.service.ts';
import { getInvoiceDetail } from '../../src/modules/invoices/invoice-queries.service.ts';
import { recordReceipt } from '../../src/modules/receipts/receipts.service.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { invoiceDue } from '../helpers/dunning.ts';
import { makeCustomer } from '../helpers/factories.ts';
import { assertInvariants } from '../helpers/invariants.ts';

const policy = (finalInterestStatement: boolean) => ({
  name: 'Interest at +21',
  isDefault: true,
  finalInterestStatement,
  interest: {
    dayCount: 'act/365' as const,
    marginPct: '9',
    baseRates: [{ effectiveFrom: '2020-01-01', ratePct: '3.62' }],
  },
  levels: [{ offsetDays: 21, templateKey: 'firm', chargesInterest: true }],
});

describe(`final interest statement (${backendName})`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext();
  });
  after(() => ctx.database.close());

  async function paidLateAfterLetter(finalInterestStatement: boolean) {
    const { tenantId } = await newTenant(ctx);
    await createPolicy(ctx.deps, tenantId, policy(finalInterestStatement));
    const customer = await makeCustomer(ctx.deps, tenantId, { externalId: '0815-A' });
    const invoice = await invoiceDue(ctx, tenantId, customer.id, '10000.00', '2026-01-31');
    const letter = await runDunning(ctx.deps, tenantId, { asOf: '2026-02-21' });
    assert.equal(letter.letters[0]?.invoices[0]?.interestThrough, '2026-02-21');
    await recordReceipt(ctx.deps, tenantId, {
      customer: customer.id,
      method: 'bank_transfer',
      receivedOn: '2026-03-10',
      amount: '10000.00',
      allocations: [{ invoice: invoice.invoiceId, amount: '10000.00' }],
    });
    return { tenantId, customer, invoice };
  }

  test('the first run after a late payment charges the days since the letter, once', async () => {
    const { tenantId, customer, invoice } = await paidLateAfterLetter(true);
    const before = await runDunning(ctx.deps, tenantId, { asOf: '2026-03-09', dryRun: true });
    assert.deepEqual(before.interestStatements, [], 'not paid yet on 03-09');

    const preview = await runDunning(ctx.deps, tenantId, { asOf: '2026-03-12', dryRun: true });
    assert.equal(preview.interestStatements[0]?.chargeNumber, null, 'a dry run issues nothing');
    const run = await runDunning(ctx.deps, tenantId, { asOf: '2026-03-12' });
    assert.notEqual(run.runId, null, 'a run with only a statement is recorded');
    const [statement] = run.interestStatements;
    // Open 02-22 … 03-09 (16 days: February 2026 has 28), paid on 03-10:
    // 1,000,000 cents × 12.62 / 100 × 16 / 365 = 5,532.05 → 55.32 EUR.
    assert.deepEqual(
      [
        statement?.customerId,
        statement?.interestMinor,
        statement?.items[0]?.paidOn,
        statement?.items[0]?.interest.from,
      ],
      [customer.id, 5_532n, '2026-03-10', '2026-02-22'],
    );
    const charge = await getInvoiceDetail(ctx.deps.db, tenantId, statement?.chargeNumber ?? '');
    assert.deepEqual(
      [charge.invoice.customerId, charge.invoice.openMinor, charge.invoice.dueDate],
      [customer.id, 5_532n, '2026-03-12'],
    );
    assert.match(
      charge.lines[0]?.description ?? '',
      new RegExp(`^Final interest on ${invoice.number}, 2026-02-22 to 2026-03-10 \\(paid on 2026-03-10\\)$`),
    );
    const entry = await queryRows<{ account_code: string; amount_minor: bigint }>(
      ctx.deps.db,
      sql`select l.account_code, l.amount_minor from journal_lines l
          join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
          where l.tenant_id = ${tenantId} and e.source_id = ${charge.invoice.invoiceId} order by l.line_no`,
    );
    assert.deepEqual(
      entry.map((l) => [l.account_code, l.amount_minor]),
      [
        ['1100', 5_532n],
        ['7100', -5_532n],
      ],
    );
    await assertInvariants(ctx, tenantId);

    const again = await runDunning(ctx.deps, tenantId, { asOf: '2026-03-13' });
    assert.deepEqual([again.runId, again.interestStatements.length], [null, 0], 'never twice');
  });

  test('off by default: a late payment after the letter charges nothing more', async () => {
    const { tenantId } = await paidLateAfterLetter(false);
    const run = await runDunning(ctx.deps, tenantId, { asOf: '2026-03-12' });
    assert.deepEqual([run.runId, run.interestStatements.length], [null, 0]);
  });

  test('needs interest terms', async () => {
    const { tenantId } = await newTenant(ctx);
    const { interest: _, ...noInterest } = policy(true);
    await assert.rejects(
      createPolicy(ctx.deps, tenantId, { ...noInterest, levels: [{ offsetDays: 21, templateKey: 'firm' }] }),
      (e: unknown) => {
        assert.deepEqual(
          (e as { details?: { field: string }[] }).details?.map((d) => d.field),
          ['finalInterestStatement'],
        );
        return true;
      },
    );
  });
});
