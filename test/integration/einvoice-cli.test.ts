/**
 * `cashloop invoices einvoice` end to end, and the refusals that name what is missing: a format
 * the customer's data cannot fill (XRechnung without a Leitweg-ID, Peppol without a participant
 * id, reverse charge without the buyer's VAT id), a bad VAT category at creation, a draft; and
 * the Factur-X PDF written to a file.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/main.ts';
import { createCustomer } from '../../src/modules/customers/customers.service.ts';
import { createInvoice } from '../../src/modules/invoices/invoice-creation.service.ts';
import { updateLetterhead } from '../../src/modules/tenants/index.ts';
import { AppError } from '../../src/shared/errors.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';
import { pdfAttachments, popplerMissing } from '../helpers/pdf.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe(`e-invoice CLI on ${backendName}`, () => {
  let box: CliSandbox;
  let refusedAtCreation: unknown;
  before(async () => {
    box = await cliSandbox();
    const runtime = await openRuntime(loadConfig({}, box.env));
    try {
      const { tenantId } = runtime.tenant;
      await updateLetterhead(runtime.deps, tenantId, {
        country: 'DE',
        address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin' },
        taxId: 'DE123456789',
        iban: 'DE89370400440532013000',
        email: 'rechnung@seller.example',
      });
      await createCustomer(runtime.deps.db, tenantId, {
        externalId: 'NL-1',
        name: 'Van der Berg B.V.',
        country: 'NL',
        emails: ['ap@vanderberg.example'],
      });
      await createInvoice(runtime.deps, tenantId, {
        customer: 'NL-1',
        issue: true,
        issueDate: '2026-02-02',
        lines: [{ description: 'Consultancy', quantity: '10', unitPrice: '110', vatCategory: 'AE' }],
      });
      await createInvoice(runtime.deps, tenantId, {
        customer: 'NL-1',
        issue: true,
        issueDate: '2026-02-03',
        lines: [{ description: 'Licence', quantity: '1', unitPrice: '99.50', taxRate: '21' }],
      });
      await createInvoice(runtime.deps, tenantId, {
        customer: 'NL-1',
        lines: [{ description: 'Draft', quantity: '1', unitPrice: '1', taxRate: '21' }],
      });
      refusedAtCreation = await createInvoice(runtime.deps, tenantId, {
        customer: 'NL-1',
        lines: [{ description: 'Exempt?', quantity: '1', unitPrice: '5', vatCategory: 'E' }],
      }).catch((e: unknown) => e);
    } finally {
      await runtime.close();
    }
  });
  after(() => box.cleanup());

  /** `invoices einvoice INV-000002 --format FORMAT --out FILE --json`: its report and the file's bytes. */
  async function writeEinvoice(format: string, file: string) {
    const out = join(box.dir, file);
    const res = await box.run(
      'invoices',
      'einvoice',
      'INV-000002',
      '--format',
      format,
      '--out',
      out,
      '--json',
    );
    assert.equal(res.code, 0, res.stderr);
    return { report: JSON.parse(res.stdout), bytes: new Uint8Array(readFileSync(out)) };
  }

  test('writes a CII e-invoice to a file and reports its size and SHA-256; the same bytes again', async () => {
    const { report, bytes } = await writeEinvoice('cii', 'inv2.xml');
    assert.equal(report.sha256, sha(bytes));
    assert.equal(report.format, 'cii');
    const text = new TextDecoder().decode(bytes);
    assert.ok(text.includes('<ram:ID>INV-000002</ram:ID>'));
    assert.ok(
      text.includes('<ram:URIID schemeID="EM">ap@vanderberg.example</ram:URIID>'),
      'e-mail as address (CII)',
    );
    assert.ok(text.includes('<ram:CalculatedAmount>20.90</ram:CalculatedAmount>'), '21 % of 99.50');
    const again = await box.run('invoices', 'einvoice', 'INV-000002', '--format', 'cii', '--out', '-');
    assert.equal(again.stdout, text);
  });

  test('writes a Factur-X PDF carrying the cii e-invoice as factur-x.xml', {
    skip: popplerMissing,
  }, async () => {
    const { report, bytes } = await writeEinvoice('facturx', 'inv2.pdf');
    assert.equal(report.format, 'facturx');
    assert.equal(report.sha256, sha(bytes));
    const cii = await box.run('invoices', 'einvoice', 'INV-000002', '--format', 'cii', '--out', '-');
    assert.equal(new TextDecoder().decode(pdfAttachments(bytes).get('factur-x.xml')), cii.stdout);
    const again = await writeEinvoice('facturx', 'inv2-again.pdf');
    assert.equal(again.report.sha256, report.sha256, 'the same bytes again');
  });

  test('refuses, naming what to set, when the data cannot fill the format', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['INV-000002', '--format', 'xrechnung-ubl'],
        /buyer reference \(Leitweg-ID\).*einvoice\.buyerReference/,
      ],
      [['INV-000002', '--format', 'ubl'], /seller's electronic address.*Peppol participant id/],
      [
        ['INV-000001', '--format', 'cii'],
        /reverse charge \(AE\) needs the VAT ids of seller and buyer \(customer NL-1: "taxId"\)/,
      ],
      [
        ['INV-000002', '--format', 'zugferd'],
        /--format must be one of ubl, xrechnung-ubl, cii, xrechnung-cii, facturx/,
      ],
      [['INV-000002', '--format', 'facturx', '--out', '-'], /name a file for the Factur-X PDF/],
      [['INV-000099'], /not found|no invoice/i],
    ];
    for (const [args, message] of cases) {
      const res = await box.run('invoices', 'einvoice', ...args);
      assert.notEqual(res.code, 0, args.join(' '));
      assert.match(res.stderr.split('\n')[0] ?? '', message, args.join(' '));
    }
  });

  test('an exempt line without its reason is refused at creation, naming the line and field', () => {
    assert.ok(refusedAtCreation instanceof AppError);
    assert.equal(refusedAtCreation.code, 'validation_failed');
    assert.deepEqual(
      refusedAtCreation.details.map((d) => d.field),
      ['lines[0].vatExemptionReason'],
    );
  });
});
