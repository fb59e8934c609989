import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { MAX_LISTED_PROBLEMS } from './csv-import.ts';
import { readCustomerRows } from './customers-import.ts';

const HEADER = 'external_id,name,email,country,parent_external_id';

function rejection(text: string): AppError {
  const { errors } = readCustomerRows(text);
  try {
    errors.throwIfAny('customer import rejected');
  } catch (e) {
    assert.ok(e instanceof AppError);
    return e;
  }
  assert.fail('the file was not rejected');
}

describe('customers CSV: rows checked against the customer schema', () => {
  it('names every problem of a file with a few bad rows, with exact counts', () => {
    const text = `${HEADER}\nK-1,Köln Süd,ap@müller.example,DE,\n,Köln Sued,not-an-address,Germany,\nK-1,Koeln Sud,,DE,\n`;
    const e = rejection(text);
    assert.equal(e.message, 'customer import rejected: 2 bad line(s), 4 problem(s); nothing was imported');
    assert.deepEqual(
      e.details.map((d) => `${d.line}:${d.field}`),
      ['3:external_id', '3:email', '3:country', '4:external_id'],
    );
  });

  it('stops checking a file of thousands of bad rows once the listed problems are full, and says where', () => {
    // 3,000 rows with two problems each (e-mail and country), then a duplicate far below the stop.
    const bad = Array.from({ length: 3_000 }, (_, i) => `C-${i},Customer ${i},nobody,Germany,`);
    const text = `${HEADER}\n${bad.join('\n')}\nC-1,Again,,DE,\n`;
    const e = rejection(text);
    const stopLine = 2 + MAX_LISTED_PROBLEMS / 2;
    assert.equal(
      e.message,
      `customer import rejected: at least ${MAX_LISTED_PROBLEMS / 2} bad line(s), ${MAX_LISTED_PROBLEMS} problem(s) (the first ${MAX_LISTED_PROBLEMS} listed); lines from ${stopLine} on not checked; nothing was imported`,
    );
    assert.equal(e.details.length, MAX_LISTED_PROBLEMS);
    assert.equal(e.details[0]?.line, 2);
    assert.ok(e.details.every((d) => (d.line ?? 0) < stopLine));
  });

  it('lists a repeated id among the first problems and checks credit limits only on the lines it read', () => {
    const bad = Array.from({ length: 600 }, (_, i) => `D-${i},Customer ${i},nobody,Germany,`);
    const text = `${HEADER},credit_limit\nD-0,First,,DE,,\n${bad.map((b) => `${b},`).join('\n')}\nD-9999,Last,,DE,,5000.00\n`;
    const { errors } = readCustomerRows(text, { creditLimits: 'refused' });
    const e = (() => {
      try {
        errors.throwIfAny('customer import rejected');
      } catch (x) {
        return x as AppError;
      }
      assert.fail('the file was not rejected');
    })();
    // Line 3 repeats D-0 of line 2 (three problems there), lines 4–502 two each: full after line 502.
    assert.ok(e.details.some((d) => d.line === 3 && d.message === 'D-0 already appears on line 2'));
    assert.equal(
      e.message,
      'customer import rejected: at least 500 bad line(s), 1001 problem(s) (the first 1000 listed); lines from 503 on not checked; nothing was imported',
    );
    // The credit limit on the last line was not read, so not reported.
    assert.ok(e.details.every((d) => d.field !== 'credit_limit'));
  });
});
