/** `cashloop invoices pdf` and `cashloop customers statement` end to end. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/main.ts';
import { createCustomer } from '../../src/modules/customers/customers.service.ts';
import { createInvoice } from '../../src/modules/invoices/invoice-creation.service.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';
import { pdfText, popplerMissing } from '../helpers/pdf.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe(`documents CLI on ${backendName}`, () => {
  let box: CliSandbox;
  before(async () => {
    box = await cliSandbox();
    // Seed through the services on the sandbox's back end (the CLI has no invoice entry yet).
    const runtime = await openRuntime(loadConfig({}, box.env));
    try {
      const { tenantId } = runtime.tenant;
      await createCustomer(runtime.deps.db, tenantId, {
        externalId: 'RU-1',
        name: 'ООО «Север»',
        language: 'en',
        emails: ['ap@sever.example'],
      });
      await createInvoice(runtime.deps, tenantId, {
        customer: 'RU-1',
        issue: true,
        issueDate: '2026-01-05',
        lines: [{ description: 'Лицензия', quantity: '2', unitPrice: '250.00', taxRate: '20' }],
      });
    } finally {
      await runtime.close();
    }
  });
  after(() => box.cleanup());

  test('invoices pdf and invoices send warn on stderr of what the seller lacks, and still do it', async () => {
    const pdf = await box.run('invoices', 'pdf', 'INV-000001', '--out', join(box.dir, 'warned.pdf'));
    assert.equal(pdf.code, 0, pdf.stderr);
    const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('warning: '));
    assert.equal(warnings(pdf.stderr).length, 3, pdf.stderr);
    for (const field of ['"address"', '"taxId"', '"iban"'])
      assert.ok(
        warnings(pdf.stderr).some((l) => l.includes(field) && l.includes('PATCH /v1/tenant/letterhead')),
        `a warning names ${field}:\n${pdf.stderr}`,
      );
    const sent = await box.run('invoices', 'send', 'INV-000001');
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(warnings(sent.stderr).length, 3, sent.stderr);
  });

  test('invoices pdf writes the stored PDF; again the same bytes', async () => {
    const out = join(box.dir, 'first.pdf');
    const first = await box.run('invoices', 'pdf', 'INV-000001', '--out', out, '--json');
    assert.equal(first.code, 0, first.stderr);
    const report = JSON.parse(first.stdout);
    const bytes = readFileSync(out);
    assert.equal(report.sha256, sha(bytes));
    assert.equal(report.bytes, bytes.length);
    assert.equal(report.kind, 'invoice');
    const second = await box.run('invoices', 'pdf', 'INV-000001', '--out', join(box.dir, 'second.pdf'));
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`sha256 ${report.sha256}`));
    assert.ok(readFileSync(join(box.dir, 'second.pdf')).equals(bytes));
    if (popplerMissing) return;
    // 2 × 250.00 = 500.00, 20 % VAT 100.00, total 600.00; Cyrillic as printed.
    const text = pdfText(bytes);
    for (const piece of ['Invoice', 'INV-000001', 'ООО «Север»', 'Лицензия', '€500.00', '€100.00', '€600.00'])
      assert.ok(text.includes(piece), `missing "${piece}"`);
  });

  test('customers statement writes a statement as of a date', async () => {
    const out = join(box.dir, 'statement.pdf');
    const result = await box.run('customers', 'statement', 'RU-1', '--as-of', '2026-03-31', '--out', out);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(out));
    if (popplerMissing) return;
    // Due 2026-02-04 (NET30): 55 days overdue on 2026-03-31.
    const text = pdfText(readFileSync(out));
    for (const piece of ['Statement of account', 'Mar 31, 2026', 'INV-000001', '€600.00', '55', 'Total due'])
      assert.ok(text.includes(piece), `missing "${piece}"`);
  });

  test('errors: unknown invoice or customer 4, bad date 3, missing argument 2', async () => {
    const unknown = await box.run('invoices', 'pdf', 'INV-999999', '--out', join(box.dir, 'x.pdf'));
    assert.equal(unknown.code, 4);
    assert.match(unknown.stderr, /INV-999999 not found/);
    const badDate = await box.run('customers', 'statement', 'RU-1', '--as-of', '31.03.2026');
    assert.equal(badDate.code, 3);
    assert.match(badDate.stderr, /--as-of/);
    const unknownCustomer = await box.run('customers', 'statement', 'NOPE');
    assert.equal(unknownCustomer.code, 4);
    assert.equal((await box.run('invoices', 'pdf')).code, 2);
  });
});
