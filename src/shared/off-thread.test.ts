import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from './errors.ts';
import { runOffThread } from './off-thread.ts';

const PARSER = new URL('../modules/bank/parse-statement.ts', import.meta.url).href;

const MT940 = [
  ':20:STMT-ÖFF-1',
  ':25:DE89370400440532013000',
  ':28C:1/1',
  ':60F:C260615EUR1000,00',
  ':61:2606150615C1234,56NTRFNONREF//B-1',
  ':86:166?00GUTSCHRIFT?20RE 2026-0042?32Müller & Söhne',
  ':62F:C260615EUR2234,56',
  '',
].join('\n');

describe('runOffThread', () => {
  it('runs a pure function in a worker and returns its result, bigints included', async () => {
    const parsed = await runOffThread<{
      format: string;
      statements: { entries: { amountMinor: bigint }[] }[];
    }>(PARSER, 'parseStatementFile', [MT940, {}]);
    assert.equal(parsed.format, 'mt940');
    assert.equal(parsed.statements[0]?.entries[0]?.amountMinor, 123456n);
  });

  it('throws an AppError of the worker again with its code, message and details', async () => {
    await assert.rejects(
      runOffThread(PARSER, 'parseStatementFile', ['not a statement at all\n', {}]),
      (e: unknown) =>
        e instanceof AppError &&
        e.code === 'import_rejected' &&
        /cannot tell the format/.test(e.message) &&
        e.details.length === 1,
    );
  });
});
