import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { detectRateFormat, rateDateOf, readRateFile } from './rate-files.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/fx/${name}`, import.meta.url), 'utf8');

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  assert.fail('expected the file to be refused');
}

describe('readRateFile', () => {
  it('reads the ECB XML: every day and currency, per euro, with its line', () => {
    const text = fixture('eurofxref-sample.xml');
    assert.equal(detectRateFormat(text), 'ecb-xml');
    const quotes = readRateFile(text);
    assert.equal(quotes.length, 12);
    assert.deepEqual(quotes[0], {
      date: '2026-12-04',
      reference: 'EUR',
      currency: 'USD',
      rate: '1.0543',
      line: 9,
    });
    assert.deepEqual(quotes[11], {
      date: '2026-12-03',
      reference: 'EUR',
      currency: 'HUF',
      rate: '409.02',
      line: 22,
    });
  });

  it('reads the ECB CSV download: N/A and the trailing empty column skipped', () => {
    const quotes = readRateFile(fixture('eurofxref-hist-sample.csv'));
    assert.equal(quotes.length, 8);
    assert.deepEqual(
      quotes.filter((q) => q.date === '2026-12-03').map((q) => `${q.currency} ${q.rate} l${q.line}`),
      ['USD 1.0498 l3', 'JPY 157.9 l3', 'GBP 0.8307 l3', 'CHF 0.9298 l3'],
    );
  });

  it('reads a long CSV with its own reference currency, ; separated, and the ECB date wording', () => {
    const quotes = readRateFile(
      'Date;Currency;Rate;Reference\n04 December 2026;chf;0.8832;usd\n2026-12-03;EUR;0.95;USD\n',
    );
    assert.deepEqual(
      quotes.map((q) => [q.date, q.reference, q.currency, q.rate]),
      [
        ['2026-12-04', 'USD', 'CHF', '0.8832'],
        ['2026-12-03', 'USD', 'EUR', '0.95'],
      ],
    );
    assert.equal(rateDateOf('4 March 2026'), '2026-03-04');
  });

  it('refuses a file with bad quotes whole, naming each line and field', () => {
    const e = refusal(() =>
      readRateFile(
        'date,currency,rate\n2026-12-04,USD,1.05\n2026-12-04,XYZ,1.1\n2026-13-01,GBP,0.8\n2026-12-04,JPY,-3\n2026-12-04,CHF,0\n',
      ),
    );
    assert.equal(e.code, 'validation_failed');
    assert.deepEqual(
      e.details.map((d) => `${d.line} ${d.field}`),
      ['3 currency', '4 date', '5 rate', '6 rate'],
    );
  });

  it('refuses two different rates for one day and pair, and accepts the same rate written twice', () => {
    const e = refusal(() => readRateFile('date,currency,rate\n2026-12-04,USD,1.05\n2026-12-04,USD,1.06\n'));
    assert.match(e.message, /line 3: USD on 2026-12-04 is 1.06 here and 1.05 on line 2/);
    assert.equal(readRateFile('date,currency,rate\n2026-12-04,USD,1.05\n2026-12-04,USD,1.0500\n').length, 2);
  });

  it('refuses XML that is not the ECB envelope, entity declarations, rates outside a day, and empty files', () => {
    assert.match(refusal(() => readRateFile('<Document><Cube/></Document>')).message, /gesmes:Envelope/);
    assert.match(
      refusal(() => readRateFile('<!DOCTYPE x [<!ENTITY a "b">]><gesmes:Envelope/>')).message,
      /entity declarations/,
    );
    const outside = refusal(() =>
      readRateFile("<gesmes:Envelope>\n<Cube currency='USD' rate='1.1'/>\n</gesmes:Envelope>"),
    );
    assert.deepEqual(outside.details[0], {
      line: 2,
      field: 'time',
      message: 'a rate for USD outside a dated <Cube time="…">',
    });
    assert.match(refusal(() => readRateFile('date,currency,rate\n')).message, /no exchange rates/);
    assert.match(
      refusal(() => readRateFile('when,currency,rate\n2026-12-04,USD,1\n')).message,
      /"date" column/,
    );
  });
});
