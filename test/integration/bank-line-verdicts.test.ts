/**
 * The bank's reads and verdict writes on bank lines (`bank/bank-lines.reads.ts`), which cash
 * application runs through: a verdict lands only on a line that still has the status it was
 * decided from, and only unprocessed lines are read for a run or locked for booking.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTransaction } from '../../src/db/client.ts';
import {
  findLineWithVerdict,
  type LineVerdict,
  listLinesWithVerdict,
  lockUnprocessedLines,
  ownIbans,
  recordVerdicts,
  unprocessedLines,
} from '../../src/modules/bank/bank-lines.reads.ts';
import { importBankStatement } from '../../src/modules/bank/statement-import.service.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';

const OUR_IBAN = 'DE02120300000000202051';

function camt(refs: { ref: string; amount: string; text: string }[]) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>V1</MsgId><CreDtTm>2026-03-06T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>V1</Id><CreDtTm>2026-03-06T06:00:00</CreDtTm>
    <Acct><Id><IBAN>${OUR_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>${refs
      .map(
        (c) => `
      <Ntry><Amt Ccy="EUR">${c.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>${c.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls><RmtInf><Ustrd>${c.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
      )
      .join('')}
  </Stmt></BkToCstmrStmt></Document>`;
}

function ignored(transactionId: string, expected: LineVerdict['expected'], why: string): LineVerdict {
  return {
    transactionId,
    expected,
    status: 'ignored',
    customerId: null,
    confidence: null,
    decision: { reasons: [why] },
    receiptId: null,
  };
}

describe(`bank line reads and verdicts on ${backendName}`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext('2026-03-06T12:00:00Z');
  });
  after(() => ctx.database.close());

  test('a verdict is written only on a line still in the status it was decided from', async () => {
    const { tenantId } = await newTenant(ctx);
    await importBankStatement(
      ctx.deps,
      tenantId,
      camt([
        { ref: 'B-2', amount: '20.00', text: 'RE 2026-0002' },
        { ref: 'B-1', amount: '10.00', text: 'Rechnung 2026-0001 / Zahlung' },
      ]),
    );
    const lines = await unprocessedLines(ctx.deps.db, tenantId);
    assert.deepEqual(lines.map((l) => [l.bank_reference, l.amount_minor]).sort(), [
      ['B-1', 1000n],
      ['B-2', 2000n],
    ]);
    const ids = lines.map((l) => l.transaction_id);
    assert.deepEqual(ids, [...ids].sort(), 'same booking date: in id order');
    assert.ok(lines.every((l) => l.ledger_account_code !== ''));
    assert.deepEqual(await ownIbans(ctx.deps.db, tenantId), [OUR_IBAN]);
    const [first, second] = lines;
    assert.ok(first && second);

    const written = await withTransaction(ctx.deps.db, (tx) =>
      recordVerdicts(tx, tenantId, [ignored(first.transaction_id, 'new', 'first verdict')]),
    );
    assert.deepEqual([...written], [first.transaction_id]);
    const again = await withTransaction(ctx.deps.db, (tx) =>
      recordVerdicts(tx, tenantId, [
        ignored(first.transaction_id, 'new', 'decided from a stale read'),
        ignored(second.transaction_id, 'suggested', 'decided from a status it never had'),
      ]),
    );
    assert.deepEqual([...again], [], 'neither line has the status its verdict was decided from');

    const kept = await findLineWithVerdict(ctx.deps.db, tenantId, first.transaction_id);
    assert.equal(kept?.status, 'ignored');
    assert.deepEqual(kept?.decision, { reasons: ['first verdict'] });
    assert.equal((await findLineWithVerdict(ctx.deps.db, tenantId, second.transaction_id))?.status, 'new');
    assert.deepEqual(
      (await unprocessedLines(ctx.deps.db, tenantId)).map((l) => l.transaction_id),
      [second.transaction_id],
    );
    const locked = await withTransaction(ctx.deps.db, (tx) =>
      lockUnprocessedLines(tx, tenantId, [first.transaction_id, second.transaction_id]),
    );
    assert.deepEqual([...locked], [second.transaction_id]);
    const queue = await listLinesWithVerdict(ctx.deps.db, tenantId, { statuses: ['ignored'], limit: 10 });
    assert.deepEqual(
      queue.map((l) => l.transaction_id),
      [first.transaction_id],
    );
  });

  test('another tenant sees none of the lines and cannot decide them', async () => {
    const { tenantId } = await newTenant(ctx);
    await importBankStatement(ctx.deps, tenantId, camt([{ ref: 'X-1', amount: '5.00', text: 'x' }]));
    const [line] = await unprocessedLines(ctx.deps.db, tenantId);
    assert.ok(line);
    const other = await newTenant(ctx);
    assert.deepEqual(await unprocessedLines(ctx.deps.db, other.tenantId), []);
    assert.equal(await findLineWithVerdict(ctx.deps.db, other.tenantId, line.transaction_id), null);
    const written = await withTransaction(ctx.deps.db, (tx) =>
      recordVerdicts(tx, other.tenantId, [ignored(line.transaction_id, 'new', 'not mine')]),
    );
    assert.deepEqual([...written], []);
    assert.equal((await findLineWithVerdict(ctx.deps.db, tenantId, line.transaction_id))?.status, 'new');
  });
});
