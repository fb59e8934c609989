/** Invoice and credit-note documents through the services: stored once, the letterhead and customer as at issue. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { updateCustomer } from '../../src/modules/customers/customers.service.ts';
import {
  createStatementDocument,
  ensureInvoiceDocument,
  getDocumentInfo,
  getStoredDocument,
  renderPendingInvoiceDocuments,
} from '../../src/modules/documents/documents.service.ts';
import { importInvoicesCsv } from '../../src/modules/imports/invoices-import.ts';
import { creditInvoice } from '../../src/modules/invoices/credit-notes.service.ts';
import { createInvoice, createInvoices } from '../../src/modules/invoices/invoice-creation.service.ts';
import { updateMessagingSettings } from '../../src/modules/messaging/settings.service.ts';
import {
  getLetterhead,
  getLetterheadVersion,
  updateLetterhead,
} from '../../src/modules/tenants/letterhead.service.ts';
import { isValidCreditorReference, makeCreditorReference } from '../../src/shared/creditor-reference.ts';
import { AppError } from '../../src/shared/errors.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { pdfText, popplerMissing } from '../helpers/pdf.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const code = (e: unknown) => (e instanceof AppError ? e.code : String(e));

describe(`documents on ${backendName}`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext();
  });
  after(() => ctx.database.close());

  it('renders an invoice PDF once and serves the same bytes and SHA-256 every time after', async () => {
    const tenant = await newTenant(ctx);
    const customer = await makeCustomer(ctx.deps, tenant.tenantId);
    const invoice = await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '100.00');
    const first = await ensureInvoiceDocument(ctx.deps, tenant.tenantId, invoice.invoiceId);
    assert.equal(first.kind, 'invoice');
    assert.equal(first.contentType, 'application/pdf');
    assert.equal(first.fileName, 'INV-000001.pdf');
    assert.equal(first.sha256, sha(first.bytes), 'the stored hash is the hash of the bytes');
    const byNumber = await ensureInvoiceDocument(ctx.deps, tenant.tenantId, 'INV-000001');
    const stored = await getStoredDocument(ctx.deps.db, tenant.tenantId, first.documentId);
    for (const again of [byNumber, stored]) {
      assert.equal(again.documentId, first.documentId);
      assert.equal(again.sha256, first.sha256);
      assert.deepEqual(Buffer.from(again.bytes), Buffer.from(first.bytes));
    }
    const info = await getDocumentInfo(ctx.deps.db, tenant.tenantId, first.documentId);
    assert.equal(info.byteSize, first.bytes.byteLength);
    assert.equal(info.invoiceId, invoice.invoiceId);
    const [count] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from documents where tenant_id = ${tenant.tenantId}`,
    );
    assert.equal(count?.n, 1, 'one stored document');
  });

  it('keeps one document when the first requests race', async () => {
    const tenant = await newTenant(ctx);
    const customer = await makeCustomer(ctx.deps, tenant.tenantId);
    const invoice = await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '75.00');
    const docs = await Promise.all(
      [1, 2, 3].map(() => ensureInvoiceDocument(ctx.deps, tenant.tenantId, invoice.invoiceId)),
    );
    assert.equal(new Set(docs.map((d) => d.documentId)).size, 1);
    assert.equal(new Set(docs.map((d) => d.sha256)).size, 1);
  });

  it('prints the letterhead and the customer as they were at issue, whatever changed before the first render', async () => {
    const tenant = await newTenant(ctx);
    const before = await updateLetterhead(ctx.deps, tenant.tenantId, {
      legalName: 'Alte Handels GmbH',
      iban: 'DE89 3704 0044 0532 0130 00',
      bic: 'COBADEFFXXX',
    });
    const customer = await makeCustomer(ctx.deps, tenant.tenantId, {
      name: 'Müller & Söhne KG',
      language: 'de',
    });
    const [oldA, oldB] = await createInvoices(ctx.deps, tenant.tenantId, [
      {
        customer: customer.externalId,
        issue: true,
        lines: [{ description: 'A', quantity: '1', unitPrice: '10' }],
      },
      {
        customer: customer.externalId,
        issue: true,
        lines: [{ description: 'B', quantity: '1', unitPrice: '20' }],
      },
    ]);
    const single = await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '30.00');
    const changed = await updateLetterhead(ctx.deps, tenant.tenantId, {
      legalName: 'Neue Handels AG',
      iban: 'GB82 WEST 1234 5698 7654 32',
      bic: null,
    });
    await updateCustomer(ctx.deps.db, tenant.tenantId, customer.externalId, { name: 'Renamed Ltd' });
    const later = await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '40.00');
    assert.equal(changed.version, before.version + 1);
    for (const inv of [oldA, oldB, single]) assert.equal(inv?.letterheadVersion, before.version);
    assert.equal(later.letterheadVersion, changed.version);
    assert.equal(
      (await getLetterheadVersion(ctx.deps.db, tenant.tenantId, before.version)).legalName,
      'Alte Handels GmbH',
    );
    assert.equal((await getLetterhead(ctx.deps.db, tenant.tenantId)).legalName, 'Neue Handels AG');
    if (popplerMissing) return;
    for (const inv of [oldA, oldB, single]) {
      const text = pdfText(
        (await ensureInvoiceDocument(ctx.deps, tenant.tenantId, inv?.invoiceId ?? '')).bytes,
      );
      assert.ok(text.includes('Alte Handels GmbH') && text.includes('DE89 3704 0044 0532 0130 00'), text);
      assert.ok(text.includes('BIC: COBADEFFXXX'));
      assert.ok(text.includes('Müller & Söhne KG'), 'the customer’s name at issue');
      assert.ok(!text.includes('Neue Handels AG') && !text.includes('GB82') && !text.includes('Renamed'));
    }
    const text = pdfText((await ensureInvoiceDocument(ctx.deps, tenant.tenantId, later.invoiceId)).bytes);
    assert.ok(text.includes('Neue Handels AG') && text.includes('GB82 WEST 1234 5698 7654 32'));
    assert.ok(text.includes('Renamed Ltd') && !text.includes('COBADEFFXXX'));
  });

  it('does not raise the letterhead version for a change that changes nothing', async () => {
    const tenant = await newTenant(ctx);
    const first = await updateLetterhead(ctx.deps, tenant.tenantId, { email: 'ar@example.com' });
    const same = await updateLetterhead(ctx.deps, tenant.tenantId, { email: 'ar@example.com' });
    assert.equal(same.version, first.version);
    await assert.rejects(
      updateLetterhead(ctx.deps, tenant.tenantId, { iban: 'DE00 1234' }),
      (e) => code(e) === 'validation_failed' || (e as Error).name === 'ZodError',
    );
    assert.equal(
      (await getLetterhead(ctx.deps.db, tenant.tenantId)).version,
      first.version,
      'bad input changed nothing',
    );
    assert.equal(
      await getLetterheadVersion(ctx.deps.db, tenant.tenantId, first.version + 5).catch(code),
      'not_found',
      'a version that never existed',
    );
    // Version 1 (the letterhead before the first change) was kept when version 2 replaced it.
    assert.equal((await getLetterheadVersion(ctx.deps.db, tenant.tenantId, 1)).email, null);
    assert.equal((await getLetterheadVersion(ctx.deps.db, tenant.tenantId, null)).version, 1);
  });

  it('gives every issued invoice an RF reference: billing runs, single issues, imported open items', async () => {
    const tenant = await newTenant(ctx);
    const customer = await makeCustomer(ctx.deps, tenant.tenantId);
    const run = await createInvoices(
      ctx.deps,
      tenant.tenantId,
      [1, 2, 3].map((n) => ({
        customer: customer.externalId,
        issue: true,
        lines: [{ description: `Item ${n}`, quantity: '1', unitPrice: '5' }],
      })),
    );
    const draft = await createInvoice(ctx.deps, tenant.tenantId, {
      customer: customer.externalId,
      lines: [{ description: 'Draft', quantity: '1', unitPrice: '1' }],
    });
    await importInvoicesCsv(
      ctx.deps,
      tenant.tenantId,
      `number,customer_external_id,issue_date,currency,total\nOLD-7,${customer.externalId},2026-01-10,EUR,99.00\n`,
    );
    const rows = await queryRows<{ number: string | null; payment_reference: string | null; status: string }>(
      ctx.deps.db,
      sql`select number, payment_reference, status from invoices where tenant_id = ${tenant.tenantId} order by number`,
    );
    for (const r of rows.filter((r) => r.status !== 'draft')) {
      assert.ok(
        r.payment_reference && isValidCreditorReference(r.payment_reference),
        `${r.number} has an RF reference`,
      );
    }
    // The RF reference of a number is that of its letters and digits: INV-000001 → base INV000001.
    assert.equal(run[0]?.paymentReference, makeCreditorReference('INV000001'));
    assert.equal(rows.find((r) => r.number === 'OLD-7')?.payment_reference, makeCreditorReference('OLD7'));
    assert.equal(draft.paymentReference, null);
  });

  it('pre-renders recently issued invoices and credit notes in batches, skipping drafts and imports', async () => {
    const tenant = await newTenant(ctx);
    const customer = await makeCustomer(ctx.deps, tenant.tenantId);
    const issued = await createInvoices(
      ctx.deps,
      tenant.tenantId,
      [1, 2, 3].map((n) => ({
        customer: customer.externalId,
        issue: true,
        lines: [{ description: `Item ${n}`, quantity: '1', unitPrice: '5' }],
      })),
    );
    await creditInvoice(ctx.deps, tenant.tenantId, issued[0]?.invoiceId ?? '', {
      amount: '1.00',
      reason: 'Goodwill',
    });
    await createInvoice(ctx.deps, tenant.tenantId, {
      customer: customer.externalId,
      lines: [{ description: 'Draft', quantity: '1', unitPrice: '1' }],
    });
    await importInvoicesCsv(
      ctx.deps,
      tenant.tenantId,
      `number,customer_external_id,issue_date,currency,total\nOLD-8,${customer.externalId},2026-01-10,EUR,9.00\n`,
    );
    // Three invoices and one credit note are pending; the draft and the imported item never are.
    const first = await renderPendingInvoiceDocuments(ctx.deps, tenant.tenantId, 3);
    const second = await renderPendingInvoiceDocuments(ctx.deps, tenant.tenantId, 3);
    const third = await renderPendingInvoiceDocuments(ctx.deps, tenant.tenantId, 3);
    assert.deepEqual([first.rendered, second.rendered, third.rendered], [3, 1, 0]);
    const again = await ensureInvoiceDocument(ctx.deps, tenant.tenantId, issued[1]?.invoiceId ?? '');
    assert.ok(
      [...first.documentIds, ...second.documentIds].includes(again.documentId),
      'served, not rendered again',
    );
  });

  it('lets requests in between the PDFs of a batch (on PGlite a batch of 500 held the server for 14 s)', async () => {
    const tenant = await newTenant(ctx);
    const customer = await makeCustomer(ctx.deps, tenant.tenantId);
    await createInvoices(
      ctx.deps,
      tenant.tenantId,
      Array.from({ length: 8 }, (_, n) => ({
        customer: customer.externalId,
        issue: true,
        lines: [{ description: `Item ${n}`, quantity: '1', unitPrice: '5' }],
      })),
    );
    // A macrotask ticker stands for an HTTP request waiting for its turn on the event loop.
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const { rendered } = await renderPendingInvoiceDocuments(ctx.deps, tenant.tenantId, 8);
    ticking = false;
    assert.equal(rendered, 8);
    assert.ok(turns >= 8, `the event loop had ${turns} turns while 8 PDFs rendered: one at least after each`);
  });

  it('names the credited invoice on a credit note, with its taxes per rate', async () => {
    const tenant = await newTenant(ctx);
    const customer = await makeCustomer(ctx.deps, tenant.tenantId, { language: 'en' });
    const invoice = await createInvoice(ctx.deps, tenant.tenantId, {
      customer: customer.externalId,
      issue: true,
      issueDate: '2026-03-02',
      lines: [
        { description: 'Hardware', quantity: '1', unitPrice: '100.00', taxRate: '19' },
        { description: 'Books', quantity: '1', unitPrice: '50.00', taxRate: '7' },
      ],
    });
    // Total 100 + 19 + 50 + 3.50 = 172.50. Credit 34.50 (a fifth): net 30.00, tax 4.50 by the
    // service; over the rates 100 : 50 → 20.00 and 10.00; tax 19 : 3.50 → 3.80 and 0.70.
    const { creditNote } = await creditInvoice(ctx.deps, tenant.tenantId, invoice.invoiceId, {
      amount: '34.50',
      reason: 'Damaged in transit',
    });
    const doc = await ensureInvoiceDocument(ctx.deps, tenant.tenantId, creditNote.invoiceId);
    assert.equal(doc.kind, 'credit_note');
    assert.equal(doc.fileName, 'CN-000001.pdf');
    if (popplerMissing) return;
    const text = pdfText(doc.bytes);
    for (const piece of [
      'Credit note',
      'CN-000001',
      // English in the seller's country (the customer names none): en-DE.
      'Credit for invoice INV-000001 of 2 Mar 2026',
      'Damaged in transit',
      'VAT 19 % on €20.00',
      '€3.80',
      'VAT 7 % on €10.00',
      '€0.70',
      'Total credited',
      '€34.50',
      'No payment is due.',
    ])
      assert.ok(text.includes(piece), `missing "${piece}" in:\n${text}`);
  });

  it('refuses drafts and imported open items, and never crosses a tenant', async () => {
    const tenant = await newTenant(ctx);
    const other = await newTenant(ctx);
    const customer = await makeCustomer(ctx.deps, tenant.tenantId);
    const draft = await createInvoice(ctx.deps, tenant.tenantId, {
      customer: customer.externalId,
      lines: [{ description: 'Draft', quantity: '1', unitPrice: '1' }],
    });
    await importInvoicesCsv(
      ctx.deps,
      tenant.tenantId,
      `number,customer_external_id,issue_date,currency,total\nOLD-9,${customer.externalId},2026-01-10,EUR,9.00\n`,
    );
    const issued = await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '10.00');
    const doc = await ensureInvoiceDocument(ctx.deps, tenant.tenantId, issued.invoiceId);
    const failures = await Promise.all([
      ensureInvoiceDocument(ctx.deps, tenant.tenantId, draft.invoiceId).catch(code),
      ensureInvoiceDocument(ctx.deps, tenant.tenantId, 'OLD-9').catch(code),
      ensureInvoiceDocument(ctx.deps, tenant.tenantId, 'INV-999999').catch(code),
      ensureInvoiceDocument(ctx.deps, other.tenantId, issued.invoiceId).catch(code),
      getStoredDocument(ctx.deps.db, other.tenantId, doc.documentId).catch(code),
      getDocumentInfo(ctx.deps.db, other.tenantId, doc.documentId).catch(code),
    ]);
    assert.deepEqual(failures, [
      'invalid_state',
      'invalid_state',
      'not_found',
      'not_found',
      'not_found',
      'not_found',
    ]);
  });

  it('writes an Italian customer’s invoice and statement in the company’s language as a whole, else in English', {
    skip: popplerMissing,
  }, async () => {
    const rome = {
      name: 'Keystone Fashion',
      legalName: 'Keystone Fashion S.r.l.',
      language: 'it',
      country: 'IT',
      paymentTerms: 'NET30',
      billingAddress: { street: 'Via Dante 120', postalCode: '00184', city: 'Roma', country: 'IT' },
    };
    // Italian words that must not appear once the labels are another language's.
    const italian = /\b(gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic) 2026\b|marzo|aprile|Italia\b/;
    const english = await newTenant(ctx);
    const c1 = await makeCustomer(ctx.deps, english.tenantId, rome);
    await issueInvoice(ctx.deps, english.tenantId, c1.externalId, '1460.33');
    const en = pdfText((await ensureInvoiceDocument(ctx.deps, english.tenantId, 'INV-000001')).bytes);
    for (const piece of ['Invoice', 'Date of issue', '1 Mar 2026', '31 Mar 2026', 'Italy', 'Net 30 days'])
      assert.ok(en.includes(piece), `missing "${piece}" in:\n${en}`);
    assert.doesNotMatch(en, italian);
    const statement = await createStatementDocument(ctx.deps, english.tenantId, c1.externalId);
    const enStatement = pdfText(statement.bytes);
    for (const piece of ['Statement of account', '31 Mar 2026', 'Italy', 'Open items'])
      assert.ok(enStatement.includes(piece), `missing "${piece}" in:\n${enStatement}`);
    assert.doesNotMatch(enStatement, italian);

    const german = await newTenant(ctx);
    await updateMessagingSettings(ctx.deps.db, ctx.deps.clock, german.tenantId, { defaultLanguage: 'de' });
    const c2 = await makeCustomer(ctx.deps, german.tenantId, rome);
    await issueInvoice(ctx.deps, german.tenantId, c2.externalId, '1460.33');
    const stored = await ensureInvoiceDocument(ctx.deps, german.tenantId, 'INV-000001');
    const de = pdfText(stored.bytes);
    for (const piece of [
      'Rechnung',
      'Rechnungsdatum',
      '01.03.2026',
      '31.03.2026',
      'Italien',
      'Zahlbar innerhalb von 30 Tagen ohne Abzug',
      '1.460,33 €',
    ])
      assert.ok(de.includes(piece), `missing "${piece}" in:\n${de}`);
    assert.doesNotMatch(de, italian);
    assert.ok(!de.includes('Date of issue'));
    assert.equal((await getDocumentInfo(ctx.deps.db, german.tenantId, stored.documentId)).language, 'de');
    const deStatement = pdfText(
      (await createStatementDocument(ctx.deps, german.tenantId, c2.externalId)).bytes,
    );
    for (const piece of ['Kontoauszug', '31.03.2026', 'Italien', 'Offene Posten'])
      assert.ok(deStatement.includes(piece), `missing "${piece}" in:\n${deStatement}`);
  });
});
