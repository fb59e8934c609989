/**
 * `cashloop sepa …` end to end on the CLI: bad input is a message naming the field on stderr and a non-zero exit
 * with nothing stored; a mandate, a collection run written to --out (valid against the pain.008
 * XSD), its cancel, and a camt.054 returns import of a file that names no collection of ours.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/db/client.ts';
import { coreDeps } from '../../src/modules/core-deps.ts';
import { nextTargetBusinessDay } from '../../src/modules/sepa/target-calendar.ts';
import { listTenants, updateLetterhead } from '../../src/modules/tenants/index.ts';
import { addDays, todayUtc } from '../../src/shared/calendar-date.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';
import { xsdErrors } from '../helpers/xsd.ts';

const today = todayUtc(new Date());

/** The letterhead IBAN (no CLI command sets it): through the service, on the sandbox's database. */
async function setLetterhead(box: CliSandbox) {
  const url = box.env.DATABASE_URL;
  const database = url
    ? await openDatabase({ kind: 'postgres', url, poolSize: 1 })
    : await openDatabase({ kind: 'pglite', dataDir: box.env.CASHLOOP_DATA_DIR ?? '' });
  try {
    const tenantId = box.env.CASHLOOP_TENANT ?? (await listTenants(database.db))[0]?.tenantId ?? '';
    await updateLetterhead(coreDeps(database.db, systemClock), tenantId, {
      legalName: 'Größe & Co',
      iban: 'DE02120300000000202051',
    });
  } finally {
    await database.close();
  }
}

describe(`sepa CLI on ${backendName}`, () => {
  let box: CliSandbox;
  before(async () => {
    box = await cliSandbox();
    assert.equal(
      (
        await box.run(
          'import',
          'customers',
          box.file('c.csv', 'external_id,name,currency\nK1,Jörg Groß & Söhne,EUR\n'),
        )
      ).code,
      0,
    );
    const invoices = `number,customer_external_id,issue_date,due_date,currency,total,open_amount,payment_reference,po_number,description\nR-1,K1,${addDays(today, -40)},${addDays(today, -10)},EUR,12.34,,,,`;
    assert.equal((await box.run('import', 'invoices', box.file('i.csv', invoices))).code, 0);
  });
  after(() => box.cleanup());

  it('refuses bad input naming the field with a non-zero exit, then collects into --out', async () => {
    const badCi = await box.run('sepa', 'settings', '--creditor-id', 'DE97ZZZ09999999999');
    assert.notEqual(badCi.code, 0);
    assert.match(badCi.stderr, /creditor identifier/);
    assert.match(badCi.stderr, /field creditorId/);
    assert.equal((await box.run('sepa', 'settings', '--creditor-id', 'DE98ZZZ09999999999')).code, 0);

    const addMandate = (iban: string) =>
      box.run(
        'sepa',
        'mandates',
        'add',
        '--customer',
        'K1',
        '--reference',
        'M1',
        '--signed',
        '2025-01-01',
        '--iban',
        iban,
      );
    const badIban = await addMandate('DE00370400440532013000');
    assert.notEqual(badIban.code, 0);
    assert.match(badIban.stderr, /IBAN/);
    const added = await addMandate('DE89370400440532013000');
    assert.equal(added.code, 0, added.stderr);
    const dup = await addMandate('DE89370400440532013000');
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /already used/);
    const list = await box.run('sepa', 'mandates', 'list', '--json');
    assert.equal(JSON.parse(list.stdout).length, 1);

    const date = nextTargetBusinessDay(nextTargetBusinessDay(today));
    const noIban = await box.run('sepa', 'collect', '--date', date);
    assert.notEqual(noIban.code, 0);
    assert.match(noIban.stderr, /letterhead IBAN/);
    await setLetterhead(box);
    const out = `${box.dir}/dd.xml`;
    const run = await box.run('sepa', 'collect', '--date', date, '--out', out, '--json');
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.equal(summary.total, '12.34');
    const xml = readFileSync(out, 'utf8');
    assert.deepEqual(await xsdErrors(xml, 'pain.008.001.08'), []);
    assert.ok(xml.includes('<Nm>Joerg Gross + Soehne</Nm>') && xml.includes('<Nm>Groesse + Co</Nm>'));
    assert.equal((await box.run('sepa', 'cancel', summary.id)).code, 0);
    const camt = box.file(
      'r.xml',
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>N</MsgId><CreDtTm>2026-04-07T06:00:00</CreDtTm></GrpHdr><Ntfctn><Id>N</Id><CreDtTm>2026-04-07T06:00:00</CreDtTm><Acct><Id><IBAN>DE02120300000000202051</IBAN></Id></Acct><Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-04-07</Dt></BookgDt><NtryDtls><TxDtls><Refs><EndToEndId>NOT-OURS</EndToEndId></Refs><RtrInf><Rsn><Cd>AM04</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>',
    );
    const returns = await box.run('sepa', 'returns', 'import', camt);
    assert.equal(returns.code, 0, returns.stderr);
    assert.match(returns.stdout, /0 return\(s\) booked, 0 already known, 1 not ours/);
  });
});
