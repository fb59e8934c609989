import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../shared/errors.ts';
import { readCamtRemittances } from './camt-remittance.ts';

/** A customer's debit notification (camt.054.001.08) of one transfer paying four documents. */
const ADVICE = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">
<BkToCstmrDbtCdtNtfctn>
  <GrpHdr><MsgId>AVIS-2026-0042</MsgId><CreDtTm>2026-06-12T09:00:00</CreDtTm></GrpHdr>
  <Ntfctn>
    <Id>N1</Id>
    <Acct><Id><IBAN>DE44500105175407324931</IBAN></Id><Ownr><Nm>Silverline Foods GmbH</Nm></Ownr></Acct>
    <Ntry>
      <Amt Ccy="EUR">1213.56</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
      <BookgDt><Dt>2026-06-12</Dt></BookgDt>
      <NtryDtls><TxDtls>
        <Refs><EndToEndId>ZA-2026-0042</EndToEndId></Refs>
        <RltdPties><Cdtr><Nm>Our Company AG</Nm></Cdtr></RltdPties>
        <RmtInf>
          <Strd>
            <RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>RE 4711</Nb></RfrdDocInf>
            <RfrdDocAmt><DuePyblAmt Ccy="EUR">1234.56</DuePyblAmt><RmtdAmt Ccy="EUR">1234.56</RmtdAmt></RfrdDocAmt>
          </Strd>
          <Strd>
            <RfrdDocInf><Nb>INV-004712</Nb></RfrdDocInf>
            <RfrdDocAmt><DuePyblAmt Ccy="EUR">120.00</DuePyblAmt>
              <AdjstmntAmtAndRsn><Amt Ccy="EUR">21.00</Amt><Rsn>DAMG</Rsn><AddtlInf>Transportschaden</AddtlInf></AdjstmntAmtAndRsn>
              <RmtdAmt Ccy="EUR">99.00</RmtdAmt></RfrdDocAmt>
          </Strd>
          <Strd>
            <RfrdDocInf><Tp><CdOrPrtry><Cd>CREN</Cd></CdOrPrtry></Tp><Nb>GS 815</Nb></RfrdDocInf>
            <RfrdDocAmt><RmtdAmt Ccy="EUR">120.00</RmtdAmt></RfrdDocAmt>
            <AddtlRmtInf>Gutschrift</AddtlRmtInf>
          </Strd>
        </RmtInf>
      </TxDtls></NtryDtls>
    </Ntry>
    <Ntry>
      <Amt Ccy="EUR">50.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2026-06-13</Dt></BookgDt>
      <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Silverline Foods Treasury</Nm></Dbtr></RltdPties>
        <RmtInf><Strd><RfrdDocInf><Nb>INV-004713</Nb></RfrdDocInf></Strd></RmtInf>
      </TxDtls></NtryDtls>
    </Ntry>
    <Ntry>
      <Amt Ccy="EUR">7.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2026-06-13</Dt></BookgDt>
      <NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs></TxDtls></NtryDtls>
    </Ntry>
  </Ntfctn>
</BkToCstmrDbtCdtNtfctn>
</Document>`;

describe('camt.054 as a remittance advice', () => {
  test('each entry is a transfer; its referred documents with their remitted amounts, credit notes negative', () => {
    const { entries, warnings } = readCamtRemittances(ADVICE);
    assert.equal(entries.length, 2);
    const [lump, single] = entries;
    assert.equal(lump?.amountMinor, 121_356n);
    assert.equal(lump?.currency, 'EUR');
    assert.equal(lump?.date, '2026-06-12');
    assert.equal(lump?.payerName, 'Silverline Foods GmbH', 'a debit notification: the account owner pays');
    assert.equal(lump?.payerIban, 'DE44500105175407324931');
    assert.equal(lump?.endToEndId, 'ZA-2026-0042');
    assert.deepEqual(
      lump?.documents.map((d) => [d.reference, d.amountMinor, d.reason]),
      [
        ['RE 4711', 123_456n, null],
        ['INV-004712', 9_900n, 'DAMG Transportschaden'],
        ['GS 815', -12_000n, 'Gutschrift'],
      ],
    );
    assert.deepEqual(
      lump?.documents.map((d) => d.line),
      [15, 19, 25],
      'each document names the line of its Strd',
    );
    // One document without a remitted amount takes its transaction's (here: the entry's) amount.
    assert.deepEqual(
      single?.documents.map((d) => [d.reference, d.amountMinor]),
      [['INV-004713', 5_000n]],
    );
    assert.equal(single?.payerName, 'Silverline Foods Treasury');
    assert.equal(single?.endToEndId, null);
    assert.deepEqual(warnings, ['line 39: entry skipped: no remittance information (no document it pays)']);
  });

  test('documents that do not add up to their entry, or a document without its amount among several, refuse the file', () => {
    const wrong = ADVICE.replace('<RmtdAmt Ccy="EUR">99.00</RmtdAmt>', '<RmtdAmt Ccy="EUR">98.00</RmtdAmt>');
    assert.throws(
      () => readCamtRemittances(wrong),
      (e: unknown) =>
        e instanceof AppError &&
        e.code === 'import_rejected' &&
        /^line 8: .*add up to 121256/.test(e.message),
    );
    const missing = ADVICE.replace('<RmtdAmt Ccy="EUR">99.00</RmtdAmt>', '');
    assert.throws(
      () => readCamtRemittances(missing),
      (e: unknown) =>
        e instanceof AppError &&
        /^line 19: referred document INV-004712 has no remitted amount/.test(e.message),
    );
    assert.throws(
      () => readCamtRemittances('<Document><Other/></Document>'),
      (e: unknown) => e instanceof AppError && /not a camt\.054/.test(e.message),
    );
  });

  test("a bank's camt.054 of a batch booking (SIX example): the batch entry is one transfer of two payments", () => {
    const file = fileURLToPath(
      new URL(
        '../../../../test/fixtures/bank/camt/viafintech-camt_parser/054/valid_example.xml',
        import.meta.url,
      ),
    );
    const { entries, warnings } = readCamtRemittances(readFileSync(file, 'utf8'));
    const batch = entries.find((e) => e.amountMinor === 2_400n);
    assert.deepEqual(
      batch?.documents.map((d) => [d.reference, d.amountMinor]),
      [
        ['Mitteilung 132', 1_500n],
        ['Mitteilung 131', 900n],
      ],
    );
    assert.equal(batch?.currency, 'CHF');
    assert.equal(batch?.date, '2016-04-10');
    assert.equal(batch?.payerName, null, 'two payers: the advice names none');
    assert.ok(
      warnings.some((w) => /reversal/.test(w)),
      warnings.join('\n'),
    );
  });
});
