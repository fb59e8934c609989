import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { ImportErrors, MAX_LISTED_PROBLEMS, readCsvRecords } from './csv-import.ts';

const SPEC = { columns: ['number', 'amount'], required: ['number'] };

describe('CSV import rejections', () => {
  it('list every problem of a small file, in line order', () => {
    const errors = new ImportErrors();
    errors.add(3, 'amount', 'not a number');
    errors.add(2, undefined, 'too many values');
    assert.throws(
      () => errors.throwIfAny('invoice import rejected'),
      (e: unknown) =>
        e instanceof AppError &&
        e.message === 'invoice import rejected: 2 bad line(s), 2 problem(s); nothing was imported' &&
        e.details.map((d) => d.line).join() === '2,3',
    );
  });

  it('list the first 1,000 problems of a header of 5,000 blank columns and count the rest', () => {
    const text = `number,amount${','.repeat(5_000)}\nINV-1,10.00\n`;
    assert.throws(
      () => readCsvRecords(text, SPEC, 'invoice import rejected'),
      (e: unknown) => {
        assert.ok(e instanceof AppError);
        assert.equal(e.details.length, MAX_LISTED_PROBLEMS);
        assert.match(
          e.message,
          /^invoice import rejected: 1 bad line\(s\), 5000 problem\(s\) \(the first 1000 listed\)/,
        );
        assert.ok(e.details.every((d) => d.line === 1 && d.field));
        return true;
      },
    );
  });
});
