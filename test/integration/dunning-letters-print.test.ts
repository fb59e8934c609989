/**
 * Dunning letters on paper over HTTP, on both back ends: a letter's PDF (what it shows, the same
 * bytes every time, the letterhead of its run), recording a planned `letter`-channel letter as
 * printed and posted (once, never for another channel), and the print batch (each letter with its
 * statement on new pages, marked sent only when asked, in one transaction).
 *
 * Hand-computed amounts (12.62 % = 3.62 % + 9 points, act/365, fee 5.00 EUR):
 * - INV-000001 10,000.00 due 01-31, interest 02-01 … 03-07 (35 days):
 *   1,000,000 × 0.1262 × 35 / 365 = 12,101.37 → 121.01
 * - INV-000002 2,500.00 due 01-20, 01-21 … 03-07 (46 days): 250,000 × 0.1262 × 46 / 365 = 3,976.16 → 39.76
 * - ATH: 12,500.00 + 5.00 + 160.77 = 12,665.77; LDZ (INV-000003, as INV-000002): 2,500.00 + 5.00 + 39.76 = 2,544.76.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import { creditorReferenceForNumber, formatCreditorReference } from '../../src/shared/creditor-reference.ts';
import { type ApiTestContext, apiTenant, call, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { invoiceDue } from '../helpers/dunning.ts';
import { pdfPages, pdfText, popplerMissing, rasterisedPages } from '../helpers/pdf.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const printedRf = (number: string) => formatCreditorReference(creditorReferenceForNumber(number));

const INTEREST = {
  dayCount: 'act/365',
  marginPct: '9',
  baseRates: [{ effectiveFrom: '2020-01-01', ratePct: '3.62' }],
};

interface Letter {
  id: string;
  customer: { externalId: string };
  channel: string;
  status: string;
  charge: { number: string } | null;
}

describe(`dunning letters on paper (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-09T08:00:00Z');
  });
  after(() => ctx.close());

  /**
   * A tenant whose run of 03-07 recorded a final notice by post for ATH (de, Greek name, two
   * invoices) and LDZ (fr, Polish name), and an emailed reminder for PARIS (its own policy).
   */
  async function lettersTenant() {
    const { tenant, keys } = await apiTenant(ctx);
    const clerk = (await createApiKey(ctx.deps.db, tenant.tenantId, 'accountant', 'Maria (AR)')).key;
    const admin = client(ctx.app, keys.admin);
    await admin.patch('/v1/tenant/letterhead', {
      legalName: 'Nordlicht Handels GmbH',
      address: { street: 'Hafenstraße 12', postalCode: '20457', city: 'Hamburg', country: 'DE' },
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      bankName: 'Commerzbank',
    });
    const customers = [
      {
        externalId: 'ATH',
        name: 'Αθηναϊκή Εμπορική Α.Ε.',
        language: 'de',
        billingAddress: { street: 'Οδός Ερμού 25', postalCode: '105 63', city: 'Αθήνα', country: 'GR' },
        deliveryChannel: 'none',
      },
      {
        externalId: 'LDZ',
        name: 'Zakład Łódź',
        language: 'fr',
        billingAddress: { street: 'ul. Żółkiewskiego 5', postalCode: '90-001', city: 'Łódź', country: 'PL' },
      },
      { externalId: 'PARIS', name: 'Paris Négoce', language: 'fr', emails: ['ap@paris.example'] },
    ];
    for (const c of customers) assert.equal((await admin.post('/v1/customers', c)).status, 201);
    await invoiceDue(ctx, tenant.tenantId, 'ATH', '10000.00', '2026-01-31');
    await invoiceDue(ctx, tenant.tenantId, 'ATH', '2500.00', '2026-01-20');
    await invoiceDue(ctx, tenant.tenantId, 'LDZ', '2500.00', '2026-01-20');
    await invoiceDue(ctx, tenant.tenantId, 'PARIS', '800.00', '2026-02-20');
    const final = {
      offsetDays: 35,
      templateKey: 'dunning-4',
      channel: 'letter',
      chargesInterest: true,
      fees: { EUR: '5.00' },
    };
    await admin.post('/v1/dunning/policies', {
      name: 'Final',
      isDefault: true,
      interest: INTEREST,
      levels: [final],
    });
    await admin.post('/v1/dunning/policies', {
      name: 'Email',
      levels: [{ offsetDays: 7, templateKey: 'reminder', channel: 'email' }],
    });
    await admin.post('/v1/dunning/assignments', { policy: 'Email', customer: 'PARIS' });
    const run = await admin.post('/v1/dunning/runs', { asOf: '2026-03-07' });
    assert.equal(run.status, 201);
    const letters = new Map<string, Letter>(
      run.body.letters.map((l: Letter) => [l.customer.externalId, l] as const),
    );
    const letter = (externalId: string) => {
      const found = letters.get(externalId);
      assert.ok(found, `a letter for ${externalId}`);
      return found;
    };
    return { tenant, keys, clerk, admin, runId: run.body.runId as string, letter };
  }

  const get = (url: string, key: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}`, ...headers } });
  const post = (url: string, key: string, body: unknown = {}) =>
    ctx.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${key}` },
      payload: body as object,
    });

  it('prints a letter: letterhead, address, invoices, fee, interest, total; the same bytes every time', {
    skip: popplerMissing,
  }, async () => {
    const t = await lettersTenant();
    const ath = t.letter('ATH');
    assert.deepEqual([ath.channel, ath.status], ['letter', 'planned']);
    // Changed after the run, before the first rendering: the letter prints its run's letterhead.
    await t.admin.patch('/v1/tenant/letterhead', { legalName: 'Nordlicht Neu AG' });
    const first = await get(`/v1/dunning/letters/${ath.id}/pdf`, t.keys.viewer);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.headers['content-type'], 'application/pdf');
    const text = pdfText(first.rawPayload, 'layout');
    for (const expected of [
      'Nordlicht Handels GmbH',
      'Αθηναϊκή Εμπορική Α.Ε.',
      'Οδός Ερμού 25',
      '105 63 Αθήνα',
      'Griechenland',
      'Letzte Mahnung vor Übergabe an ein Inkassounternehmen – Kundennummer ATH',
      'INV-000001',
      'INV-000002',
      '10.000,00 €',
      '121,01 €',
      '39,76 €',
      '01.02.2026 – 07.03.2026',
      'Mahngebühr: 5,00 €',
      'Verzugszinsen: 160,77 €',
      'Jetzt fällig: 12.665,77 €',
      'IBAN: DE89 3704 0044 0532 0130 00',
      `INV-000001: ${printedRf('INV-000001')}`,
      `Gebühr und Zinsen ${ath.charge?.number}: ${printedRf(ath.charge?.number ?? '')}`,
    ])
      assert.ok(text.includes(expected), `the letter shows "${expected}"`);
    assert.ok(!text.includes('Nordlicht Neu AG'), 'the later letterhead is not the run’s');
    assert.equal(rasterisedPages(first.rawPayload), 1);
    // Stored once: the customer moving afterwards changes nothing, and the ETag answers 304.
    await t.admin.patch('/v1/customers/ATH', { name: 'Athens Trading S.A.' });
    const second = await get(`/v1/dunning/letters/${ath.id}/pdf`, t.keys.viewer);
    assert.equal(sha(second.rawPayload), sha(first.rawPayload));
    assert.equal(second.headers['x-document-sha256'], sha(first.rawPayload));
    const unchanged = await get(`/v1/dunning/letters/${ath.id}/pdf`, t.keys.viewer, {
      'if-none-match': String(first.headers.etag),
    });
    assert.equal(unchanged.statusCode, 304);
    const info = await client(ctx.app, t.keys.viewer).get(`/v1/documents/${first.headers['x-document-id']}`);
    assert.deepEqual(
      [info.body.kind, info.body.letterId, info.body.asOf, info.body.sha256],
      ['dunning_letter', ath.id, '2026-03-07', sha(first.rawPayload)],
    );
  });

  it('prints letters of every channel in the customer’s language, and knows no other tenant’s', {
    skip: popplerMissing,
  }, async () => {
    const t = await lettersTenant();
    const ldz = await get(`/v1/dunning/letters/${t.letter('LDZ').id}/pdf`, t.keys.viewer);
    const fr = pdfText(ldz.rawPayload, 'layout');
    for (const expected of [
      'Zakład Łódź',
      'Rappel de paiement',
      'Frais de relance : 5,00 €',
      '2 544,76 €',
      'Pologne',
    ])
      assert.ok(fr.includes(expected), `the French letter shows "${expected}"`);
    const email = await get(`/v1/dunning/letters/${t.letter('PARIS').id}/pdf`, t.keys.viewer);
    assert.equal(email.statusCode, 200);
    assert.ok(pdfText(email.rawPayload).includes('Paris Négoce'));
    const other = await apiTenant(ctx);
    assert.equal(
      (await get(`/v1/dunning/letters/${t.letter('LDZ').id}/pdf`, other.keys.viewer)).statusCode,
      404,
    );
    assert.equal((await get('/v1/dunning/letters/not-a-letter/pdf', t.keys.viewer)).statusCode, 404);
  });

  it('prints an Italian customer’s letter in English as a whole: wording, labels, dates and country', {
    skip: popplerMissing,
  }, async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const admin = client(ctx.app, keys.admin);
    await admin.patch('/v1/tenant/letterhead', {
      address: { street: 'Hafenstraße 12', postalCode: '20457', city: 'Hamburg', country: 'DE' },
      iban: 'DE89370400440532013000',
    });
    const roma = {
      externalId: 'ROMA',
      name: 'Keystone Fashion S.r.l.',
      language: 'it',
      billingAddress: { street: 'Via Dante 120', postalCode: '00184', city: 'Roma', country: 'IT' },
    };
    assert.equal((await admin.post('/v1/customers', roma)).status, 201);
    await invoiceDue(ctx, tenant.tenantId, 'ROMA', '1460.33', '2026-01-31');
    await admin.post('/v1/dunning/policies', {
      name: 'Final',
      isDefault: true,
      levels: [{ offsetDays: 35, templateKey: 'dunning-4', channel: 'letter', fees: { EUR: '5.00' } }],
    });
    const run = await admin.post('/v1/dunning/runs', { asOf: '2026-03-07' });
    const letter = run.body.letters.find((l: Letter) => l.customer.externalId === 'ROMA');
    assert.ok(letter, JSON.stringify(run.body));
    const text = pdfText((await get(`/v1/dunning/letters/${letter.id}/pdf`, keys.viewer)).rawPayload);
    // No Italian templates ship: English throughout, in Italy's conventions of English (en-IT).
    for (const piece of [
      'Payment reminder',
      'Customer no.',
      '7 Mar 2026',
      '31 Jan 2026',
      'Italy',
      '€1,460.33',
    ])
      assert.ok(text.includes(piece), `the letter shows "${piece}":\n${text}`);
    assert.doesNotMatch(text, /\b(gen|feb|mar) 2026\b|gennaio|marzo|Italia\b|1\.460,33/);
  });

  it('records a planned letter as printed and posted once, and refuses other channels', async () => {
    const t = await lettersTenant();
    const ath = t.letter('ATH');
    const url = `/v1/dunning/letters/${ath.id}/printed`;
    assert.equal((await post(url, t.keys.collector)).statusCode, 403);
    const printed = await call(ctx.app, 'POST', url, {
      key: t.clerk,
      body: {},
      headers: { 'idempotency-key': 'print-ath' },
    });
    assert.equal(printed.status, 200, printed.text);
    assert.equal(printed.body.status, 'sent');
    assert.deepEqual(printed.body.printed, {
      at: '2026-03-09T08:00:00.000Z',
      by: { name: 'Maria (AR)', keyId: printed.body.printed.by.keyId, userId: null },
    });
    const replay = await call(ctx.app, 'POST', url, {
      key: t.clerk,
      body: {},
      headers: { 'idempotency-key': 'print-ath' },
    });
    assert.deepEqual([replay.status, replay.headers['idempotent-replayed']], [200, 'true']);
    const again = await call(ctx.app, 'POST', url, { key: t.clerk, body: {} });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'invalid_state');
    assert.match(again.body.detail, /printed and posted already/);
    const email = await call(ctx.app, 'POST', `/v1/dunning/letters/${t.letter('PARIS').id}/printed`, {
      key: t.clerk,
      body: {},
    });
    assert.equal(email.status, 409);
    assert.match(email.body.detail, /goes out by email/);
    const log = await client(ctx.app, t.keys.viewer).get(
      '/v1/activities?customer=ATH&event=dunning_letter_sent',
    );
    assert.equal(log.body.items.length, 1);
    assert.equal(log.body.items[0].author.name, 'Maria (AR)');
    assert.match(log.body.items[0].text, /Printed and posted \(channel letter, level 1\): "Letzte Mahnung/);
    assert.deepEqual(
      log.body.items[0].invoiceNumbers.sort(),
      [ath.charge?.number, 'INV-000001', 'INV-000002'].sort(),
    );
    // The letter's PDF was stored when it was recorded: what was posted is on record.
    const pdf = await get(`/v1/dunning/letters/${ath.id}/pdf`, t.keys.viewer);
    assert.equal(pdf.statusCode, 200);
  });

  it('records a letter posted once when two people record it at the same time', async () => {
    const t = await lettersTenant();
    const url = `/v1/dunning/letters/${t.letter('LDZ').id}/printed`;
    const answers = await Promise.all([post(url, t.clerk), post(url, t.clerk), post(url, t.keys.accountant)]);
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 409, 409]);
    const log = await client(ctx.app, t.keys.viewer).get(
      '/v1/activities?customer=LDZ&event=dunning_letter_sent',
    );
    assert.equal(log.body.items.length, 1);
  });

  it('prints a batch: each letter, then its statement, on new pages; marks them sent only when asked', {
    skip: popplerMissing,
  }, async () => {
    const t = await lettersTenant();
    // ATH's letter rendered earlier; ATH renamed since: the batch prints the stored letter.
    const stored = await get(`/v1/dunning/letters/${t.letter('ATH').id}/pdf`, t.keys.viewer);
    await t.admin.patch('/v1/customers/ATH', { name: 'Athens Trading S.A.' });
    const preview = await post('/v1/dunning/letters/print', t.keys.viewer, { runId: t.runId });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.equal(preview.headers['content-type'], 'application/pdf');
    assert.deepEqual(
      [
        preview.headers['x-letter-count'],
        preview.headers['x-letters-marked-sent'],
        preview.headers['x-letters-remaining'],
      ],
      ['2', 'false', '0'],
    );
    assert.deepEqual(
      String(preview.headers['x-letter-ids']).split(',').sort(),
      [t.letter('ATH').id, t.letter('LDZ').id].sort(),
    );
    const pages = pdfPages(preview.rawPayload);
    assert.equal(pages.length, 4);
    assert.equal(rasterisedPages(preview.rawPayload), 4);
    const [athLetter, athStatement, ldzLetter, ldzStatement] = pages;
    assert.ok(athLetter?.includes('Αθηναϊκή Εμπορική Α.Ε.') && athLetter.includes('12.665,77 €'));
    assert.ok(!athLetter?.includes('Athens Trading'), 'the stored letter, not one with the new name');
    assert.equal(pdfPages(stored.rawPayload)[0], athLetter);
    assert.ok(athStatement?.includes('Kontoauszug') && athStatement.includes('Athens Trading S.A.'));
    assert.ok(ldzLetter?.includes('Zakład Łódź') && ldzLetter.includes('Rappel de paiement'));
    assert.ok(ldzStatement?.includes('Relevé de compte'), 'the French statement');
    assert.ok(ldzStatement?.includes('Page 1 sur 1'), 'each document numbers its own pages');
    const planned = await client(ctx.app, t.keys.viewer).get(
      `/v1/dunning/letters?run=${t.runId}&status=planned`,
    );
    assert.equal(planned.body.items.length, 2, 'a preview records nothing');

    assert.equal(
      (await post('/v1/dunning/letters/print', t.keys.viewer, { markSent: true })).statusCode,
      403,
    );
    const posted = await post('/v1/dunning/letters/print', t.clerk, { markSent: true });
    assert.equal(posted.statusCode, 200);
    assert.equal(posted.headers['x-letters-marked-sent'], 'true');
    const sent = await client(ctx.app, t.keys.viewer).get(`/v1/dunning/letters?run=${t.runId}&status=sent`);
    assert.deepEqual(sent.body.items.map((l: Letter) => l.customer.externalId).sort(), ['ATH', 'LDZ']);
    assert.ok(
      sent.body.items.every((l: { printed: { by: { name: string } } }) => l.printed.by.name === 'Maria (AR)'),
    );
    const log = await client(ctx.app, t.keys.viewer).get('/v1/activities?event=dunning_letter_sent');
    assert.equal(log.body.items.length, 2);
    const nothing = await post('/v1/dunning/letters/print', t.clerk, { markSent: true });
    assert.equal(nothing.statusCode, 409);
    assert.match(JSON.parse(nothing.body).detail, /nothing to print/);
  });

  it('refuses a batch naming letters that are not planned letters for the post, changing nothing', async () => {
    const t = await lettersTenant();
    const ath = t.letter('ATH').id;
    const refused = await post('/v1/dunning/letters/print', t.clerk, {
      letterIds: [ath, t.letter('PARIS').id],
      markSent: true,
    });
    assert.equal(refused.statusCode, 409);
    assert.match(JSON.parse(refused.body).detail, /goes out by email/);
    const letter = await client(ctx.app, t.keys.viewer).get(`/v1/dunning/letters/${ath}`);
    assert.equal(letter.body.status, 'planned');
    const bad = await post('/v1/dunning/letters/print', t.clerk, { letterIds: ['nope'] });
    assert.equal(bad.statusCode, 422);
    assert.equal(JSON.parse(bad.body).errors[0].field, 'letterIds[0]');
    const unknownRun = await post('/v1/dunning/letters/print', t.clerk, {
      runId: '01a233e5-44c1-72a0-a614-e9fe4ca300c5',
    });
    assert.equal(unknownRun.statusCode, 404);
    const one = await post('/v1/dunning/letters/print', t.clerk, { letterIds: [ath], markSent: true });
    assert.equal(one.statusCode, 200);
    assert.equal(one.headers['x-letter-ids'], ath);
    assert.equal(
      (await client(ctx.app, t.keys.viewer).get(`/v1/dunning/letters/${ath}`)).body.status,
      'sent',
    );
  });
});
