/**
 * The wording of a dunning letter follows its level's template key, not its position: a policy
 * whose first level is seven days after the due date (the most common set-up) must not tell a
 * customer with invoices 12 to 68 days overdue that they "will fall due shortly". Checked on the
 * email the run queues, for policies with and without a pre-due level.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { dunningSeams } from '../../src/modules/communication/dunning-letters.service.ts';
import { getCustomerRowOrThrow } from '../../src/modules/customers/customers.service.ts';
import type { PolicyInput } from '../../src/modules/dunning/dunning.input.ts';
import { createPolicy } from '../../src/modules/dunning/policies.service.ts';
import { runDunning } from '../../src/modules/dunning/run.service.ts';
import { getMessage } from '../../src/modules/messaging/outbox.service.ts';
import { renderPrintedWording } from '../../src/modules/messaging/printed-wording.service.ts';
import { updateLetterhead } from '../../src/modules/tenants/letterhead.service.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { invoiceDue } from '../helpers/dunning.ts';
import { makeCustomer } from '../helpers/factories.ts';

const withoutPreDue: PolicyInput = {
  name: 'After due only',
  isDefault: true,
  levels: [
    { offsetDays: 7, templateKey: 'zahlungserinnerung', channel: 'email' },
    { offsetDays: 21, templateKey: 'mahnung-2', channel: 'email' },
    { offsetDays: 35, templateKey: 'final', channel: 'email' },
  ],
};

const withPreDue: PolicyInput = {
  name: 'With pre-due',
  isDefault: true,
  levels: [
    { offsetDays: -3, templateKey: 'friendly', channel: 'email' },
    { offsetDays: 7, templateKey: 'reminder', channel: 'email' },
    { offsetDays: 21, templateKey: 'firm', channel: 'email' },
    { offsetDays: 35, templateKey: 'final', channel: 'email' },
  ],
};

describe(`dunning letters take their level's wording on ${backendName}`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext('2026-03-31T08:00:00Z');
  });
  after(() => ctx.database.close());

  async function subjectsOfRun(tenantId: string, asOf: string) {
    const result = await runDunning(ctx.deps, tenantId, { asOf }, dunningSeams(ctx.deps));
    const rows = await queryRows<{ message_id: string }>(
      ctx.deps.db,
      sql`select message_id from outbox_messages where tenant_id = ${tenantId} and dunning_letter_id = any(${sql.param(result.letters.map((l) => l.letterId ?? ''))}::uuid[])`,
    );
    const messages = await Promise.all(rows.map((r) => getMessage(ctx.deps.db, tenantId, r.message_id)));
    return { result, messages };
  }

  test('a first level at +7 days sends the overdue reminder, never "due soon", to 12–68 days overdue', async () => {
    const { tenantId } = await newTenant(ctx);
    await createPolicy(ctx.deps, tenantId, withoutPreDue);
    const customer = await makeCustomer(ctx.deps, tenantId, { emails: ['ap@mueller-bau.example'] });
    await invoiceDue(ctx, tenantId, customer.id, '120.00', '2026-03-19');
    await invoiceDue(ctx, tenantId, customer.id, '680.00', '2026-01-22');
    const { result, messages } = await subjectsOfRun(tenantId, '2026-03-31');
    assert.equal(result.letters.length, 1);
    assert.deepEqual(
      result.letters.map((l) => [l.levelNo, l.templateKey, l.templateLevel]),
      [[1, 'zahlungserinnerung', 2]],
    );
    assert.equal(messages.length, 1);
    const [message] = messages;
    assert.equal(message?.template, 'dunning-2');
    assert.match(message?.subject ?? '', /^Payment reminder: overdue invoices/);
    assert.doesNotMatch(message?.bodyText ?? '', /fall due shortly/);
  });

  test('with a pre-due level the friendly text goes before the due date only; a late one is an overdue reminder', async () => {
    const { tenantId } = await newTenant(ctx);
    await createPolicy(ctx.deps, tenantId, withPreDue);
    const early = await makeCustomer(ctx.deps, tenantId, { emails: ['ap@early.example'] });
    const late = await makeCustomer(ctx.deps, tenantId, { emails: ['ap@late.example'] });
    await invoiceDue(ctx, tenantId, early.id, '100.00', '2026-04-02');
    // Issued too late for its −3 reminder: the level is not skipped, but its items are overdue.
    await invoiceDue(ctx, tenantId, late.id, '100.00', '2026-03-25');
    const { result, messages } = await subjectsOfRun(tenantId, '2026-03-31');
    const subjectOf = (customerId: string) => {
      const letter = result.letters.find((l) => l.customerId === customerId);
      return messages.find((m) => m.dunningLetterId === letter?.letterId)?.subject ?? '';
    };
    assert.match(subjectOf(early.id), /^Friendly reminder: invoices due soon/);
    assert.match(subjectOf(late.id), /^Payment reminder: overdue invoices/);
    assert.deepEqual(result.letters.map((l) => l.levelNo).sort(), [1, 1]);
  });

  test('a printed letter gives the company phone and email instead of "reply to this email"', async () => {
    const { tenantId } = await newTenant(ctx);
    await updateLetterhead(ctx.deps, tenantId, { phone: '+49 30 901820', email: 'forderungen@example.com' });
    const content = {
      kind: 'dunning' as const,
      level: 1,
      letterDate: '2026-03-30',
      invoices: [
        {
          number: 'RE-2026-0815',
          issueDate: '2026-03-01',
          dueDate: '2026-04-02',
          total: { amountMinor: 10_000n, currency: 'EUR' },
          open: { amountMinor: 10_000n, currency: 'EUR' },
        },
      ],
    };
    const texts: Record<string, string> = {};
    for (const language of ['en', 'de', 'fr']) {
      const made = await makeCustomer(ctx.deps, tenantId, {
        emails: [`ap-${language}@example.com`],
        language,
      });
      const customer = await getCustomerRowOrThrow(ctx.deps.db, tenantId, made.id);
      const printed = await renderPrintedWording(ctx.deps.db, tenantId, customer, content, { blocks: [] });
      texts[language] = printed.parts.map((p) => ('text' in p ? p.text : '')).join('');
    }
    assert.match(
      texts.en ?? '',
      /please contact us by phone on \+49 30 901820 or by email at forderungen@example\.com/,
    );
    assert.match(
      texts.de ?? '',
      /telefonisch unter \+49 30 901820 oder per E-Mail an forderungen@example\.com/,
    );
    assert.match(texts.fr ?? '', /par téléphone au \+49 30 901820 ou par e-mail à forderungen@example\.com/);
    for (const text of Object.values(texts))
      assert.doesNotMatch(text, /reply to this email|antworten Sie einfach|répondre à cet e-mail/);
  });

  test('a policy naming the pre-due template on a level after the due date is refused, naming the field', async () => {
    const { tenantId } = await newTenant(ctx);
    const levels = [
      { offsetDays: 7, templateKey: 'friendly', channel: 'email' as const },
      { offsetDays: 21, templateKey: 'dunning-1', channel: 'email' as const },
    ];
    await assert.rejects(createPolicy(ctx.deps, tenantId, { name: 'Wrong', levels }), (e: unknown) => {
      const fields = (e as { details?: { field: string }[] }).details?.map((d) => d.field);
      assert.deepEqual(fields, ['levels[0].templateKey', 'levels[1].templateKey']);
      return true;
    });
  });
});
