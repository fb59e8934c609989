/**
 * Customer communication end to end, over a real SMTP server (`smtp-server` on 127.0.0.1): issued
 * invoices and credit notes reach the customer with their PDF; dunning letters are queued by the
 * run — disputed and promised invoices left out — and arrive with a statement attached; a refused
 * address leaves a failed letter and an entry in the activity log; monthly statements go once.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { SYSTEM_ACTOR } from '../../src/modules/activities/actor.ts';
import { makePromise } from '../../src/modules/collections/promises.service.ts';
import { dunningSeams } from '../../src/modules/communication/dunning-letters.service.ts';
import {
  deliverIssuedInvoices,
  sendInvoice,
} from '../../src/modules/communication/invoice-delivery.service.ts';
import { sendMonthlyStatements } from '../../src/modules/communication/statement-delivery.service.ts';
import { openDispute } from '../../src/modules/disputes/disputes.service.ts';
import { getStoredDocument } from '../../src/modules/documents/documents.service.ts';
import { getLetterStatuses } from '../../src/modules/dunning/letters.service.ts';
import { runDunning } from '../../src/modules/dunning/run.service.ts';
import { creditInvoice } from '../../src/modules/invoices/credit-notes.service.ts';
import { deliverAllDue } from '../../src/modules/messaging/delivery.service.ts';
import { getMessage } from '../../src/modules/messaging/outbox.service.ts';
import { smtpTransport } from '../../src/modules/messaging/smtp-transport.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { createExamplePolicy, invoiceDue } from '../helpers/dunning.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { deliveryDeps, steppingClock } from '../helpers/messaging.ts';
import { attachmentsOf, decodeEncodedWords, parseMime, textOf } from '../helpers/mime.ts';
import { pdfText, popplerMissing } from '../helpers/pdf.ts';
import { type SmtpTestServer, startSmtpServer } from '../helpers/smtp.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe(`customer communication over SMTP on ${backendName}`, () => {
  let ctx: TestContext;
  let smtp: SmtpTestServer;
  before(async () => {
    ctx = await openTestContext('2026-03-31T08:00:00Z');
    smtp = await startSmtpServer({ rejectRecipients: ['ap@gamma.example'] });
  });
  after(async () => {
    await smtp.close();
    await ctx.database.close();
  });

  const deliver = (tenantId: string) =>
    deliverAllDue(
      deliveryDeps(
        ctx,
        steppingClock('2026-03-31T08:05:00Z'),
        smtpTransport({ url: smtp.url }),
        getStoredDocument,
      ),
      { tenantId },
    );
  const mailTo = (address: string) =>
    smtp.received.filter((m) => m.to.includes(address)).map((m) => parseMime(m.raw));
  const activities = (tenantId: string, customerId: string) =>
    queryRows<{ event: string; text: string }>(
      ctx.deps.db,
      sql`select event, text from activities where tenant_id = ${tenantId} and customer_id = ${customerId}
          and kind = 'system' order by occurred_at, activity_id`,
    );

  test('an issued invoice and its credit note reach the customer with their PDFs, once', async () => {
    const { tenantId } = await newTenant(ctx);
    const mueller = await makeCustomer(ctx.deps, tenantId, {
      name: 'Müller Maschinenbau GmbH',
      emails: ['ap@mueller.example'],
      language: 'de',
    });
    const quiet = await makeCustomer(ctx.deps, tenantId, {
      emails: ['ap@quiet.example'],
      deliveryChannel: 'none',
    });
    const inv = await issueInvoice(ctx.deps, tenantId, mueller.externalId, '1000.00', {
      issueDate: '2026-03-31',
    });
    await issueInvoice(ctx.deps, tenantId, quiet.externalId, '50.00', { issueDate: '2026-03-31' });

    assert.deepEqual(
      await deliverIssuedInvoices(ctx.deps, tenantId),
      { queued: 1 },
      'not the customer who takes none',
    );
    assert.deepEqual(await deliverIssuedInvoices(ctx.deps, tenantId), { queued: 0 }, 'each delivered once');
    const run = await deliver(tenantId);
    assert.equal(run.sent, 1);
    const [mail] = mailTo('ap@mueller.example');
    assert.ok(mail);
    assert.match(decodeEncodedWords(mail.headers.get('subject') ?? ''), new RegExp(`Rechnung ${inv.number}`));
    assert.match(textOf(mail, 'text/plain'), /1\.000,00/, 'German amounts');
    const [pdf] = attachmentsOf(mail);
    assert.equal(pdf?.fileName, `${inv.number}.pdf`);
    assert.ok(pdf && pdf.bytes.subarray(0, 5).toString() === '%PDF-');
    if (!popplerMissing) assert.match(pdfText(pdf.bytes), /Müller Maschinenbau GmbH/);
    // The attachment was rendered at the first attempt and is now the stored document.
    const [sent] = await queryRows<{ message_id: string }>(
      ctx.deps.db,
      sql`select message_id from outbox_messages where tenant_id = ${tenantId}`,
    );
    const detail = await getMessage(ctx.deps.db, tenantId, sent?.message_id ?? '');
    assert.equal(detail.attachments[0]?.sha256, sha256(pdf.bytes));

    await creditInvoice(ctx.deps, tenantId, inv.invoiceId, { amount: '100.00', reason: 'price agreed' });
    assert.deepEqual(await deliverIssuedInvoices(ctx.deps, tenantId), { queued: 1 });
    await sendInvoice(ctx.deps, tenantId, inv.number ?? '', { to: ['buyer@mueller.example'] });
    await deliver(tenantId);
    const subjects = mailTo('ap@mueller.example').map((m) =>
      decodeEncodedWords(m.headers.get('subject') ?? ''),
    );
    assert.equal(subjects.length, 2);
    assert.match(subjects[1] ?? '', /Gutschrift/);
    assert.equal(mailTo('buyer@mueller.example').length, 1, 'sent again on demand, to the address given');
    assert.deepEqual(
      (await activities(tenantId, mueller.id)).map((a) => a.event),
      ['invoice_delivered', 'invoice_delivered', 'invoice_delivered'],
    );
  });

  test('a dunning run emails its letters with a statement, leaving disputed and promised invoices out', async () => {
    const { tenantId } = await newTenant(ctx);
    await createExamplePolicy(ctx, tenantId);
    const beta = await makeCustomer(ctx.deps, tenantId, { name: 'Beta Ltd', emails: ['ap@beta.example'] });
    const gamma = await makeCustomer(ctx.deps, tenantId, { name: 'Gamma SA', emails: ['ap@gamma.example'] });
    const due = await invoiceDue(ctx, tenantId, beta.id, '400.00', '2026-03-20');
    const disputed = await invoiceDue(ctx, tenantId, beta.id, '300.00', '2026-03-20');
    const promised = await invoiceDue(ctx, tenantId, beta.id, '200.00', '2026-03-20');
    await invoiceDue(ctx, tenantId, gamma.id, '500.00', '2026-03-20');
    await openDispute(ctx.deps, tenantId, { invoice: disputed.invoiceId, reason: 'quality' }, SYSTEM_ACTOR);
    await makePromise(
      ctx.deps,
      tenantId,
      { customer: beta.id, promisedOn: '2026-04-15', invoices: [promised.invoiceId] },
      SYSTEM_ACTOR,
    );

    const result = await runDunning(ctx.deps, tenantId, { asOf: '2026-03-31' }, dunningSeams(ctx.deps));
    const betaLetter = result.letters.find((l) => l.customerId === beta.id);
    assert.deepEqual(
      betaLetter?.invoices.map((i) => i.number),
      [due.number],
      'the disputed and the promised invoice are left out',
    );
    assert.equal(result.letters.length, 2);
    assert.ok(result.letters.every((l) => l.status === 'planned'));
    const run = await deliver(tenantId);
    assert.deepEqual({ sent: run.sent, failed: run.failed }, { sent: 1, failed: 1 });

    const statuses = await getLetterStatuses(
      ctx.deps.db,
      tenantId,
      result.letters.map((l) => l.letterId ?? ''),
    );
    const statusOf = (customerId: string) =>
      statuses.get(result.letters.find((l) => l.customerId === customerId)?.letterId ?? '');
    assert.equal(statusOf(beta.id), 'sent');
    assert.equal(statusOf(gamma.id), 'failed', 'the server refused the address');
    const [mail] = mailTo('ap@beta.example');
    assert.ok(mail);
    const body = textOf(mail, 'text/plain');
    assert.ok(body.includes(due.number ?? '?'));
    assert.ok(!body.includes(disputed.number ?? '?') && !body.includes(promised.number ?? '?'));
    const [statement] = attachmentsOf(mail);
    assert.match(statement?.fileName ?? '', /^Statement-.*-2026-03-31\.pdf$/);
    if (!popplerMissing && statement) {
      const text = pdfText(statement.bytes);
      for (const n of [due.number, disputed.number, promised.number])
        assert.ok(text.includes(n ?? '?'), `${n} on the statement`);
    }
    assert.deepEqual(
      (await activities(tenantId, beta.id))
        .map((a) => a.event)
        .filter((e) => e !== 'promise_made' && e !== 'dispute_opened'),
      ['dunning_letter_sent'],
    );
    const gammaLog = await activities(tenantId, gamma.id);
    assert.equal(gammaLog.at(-1)?.event, 'message_failed');
    assert.match(gammaLog.at(-1)?.text ?? '', /ap@gamma\.example/);

    const again = await runDunning(ctx.deps, tenantId, { asOf: '2026-03-31' }, dunningSeams(ctx.deps));
    assert.equal(again.letters.length, 0, 'nothing twice on the same day');
    assert.equal((await deliver(tenantId)).claimed, 0);
  });

  test('monthly statements go to every customer with a balance at the month end, once', async () => {
    const { tenantId } = await newTenant(ctx);
    const open = await makeCustomer(ctx.deps, tenantId, { emails: ['ap@open.example'] });
    await makeCustomer(ctx.deps, tenantId, { emails: ['ap@settled.example'] });
    await issueInvoice(ctx.deps, tenantId, open.externalId, '250.00', { issueDate: '2026-03-15' });
    const first = await sendMonthlyStatements(ctx.deps, tenantId, '2026-04-01');
    assert.deepEqual(first, { asOf: '2026-03-31', customers: 1, queued: 1 });
    assert.deepEqual(await sendMonthlyStatements(ctx.deps, tenantId, '2026-04-01'), {
      asOf: '2026-03-31',
      customers: 1,
      queued: 0,
    });
    await deliver(tenantId);
    const [mail] = mailTo('ap@open.example');
    assert.ok(mail);
    assert.equal(attachmentsOf(mail)[0]?.fileName, `Statement-${open.externalId}-2026-03-31.pdf`);
    assert.equal(mailTo('ap@settled.example').length, 0);
  });
});
