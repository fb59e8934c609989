/**
 * Every real camt sample in test/fixtures/bank/camt/ (copied from shared/external, see SOURCE.md)
 * against what its source says: the genkgo/camt `.json` expected results, and for viafintech and
 * Subite the "Expected values" table of shared/external/SOURCES.md (records, entries, Σ credits,
 * Σ debits, continuity) plus the balances written in the files.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type Balance, balanceDifference, type ParsedFile, StatementSyntaxError } from '../statement.ts';
import { parseCamt } from './camt.ts';

const FIXTURES = join(import.meta.dirname, '../../../../test/fixtures/bank/camt');

function read(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

function parse(path: string): ParsedFile {
  return parseCamt(read(path));
}

function entriesOf(file: ParsedFile) {
  return file.statements.flatMap((s) => s.entries);
}

// ------------------------------------------------------------------------------------------------
// genkgo/camt: one `.json` per `.xml`, the PHP object graph of its parser (amounts in minor units).

type Json = { readonly [key: string]: unknown };

function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null ? (value as Json) : {};
}

function money(value: unknown): { minor: bigint; currency: string } {
  const m = obj(value);
  return { minor: BigInt(String(m.getAmount)), currency: String(obj(m.getCurrency).getCode) };
}

/** 'YYYY-MM-DD' of a DateTimeImmutable dump (genkgo writes it in UTC; our samples stay on the same day). */
function jsonDate(value: unknown): string | null {
  const text = obj(value)['0'];
  return typeof text === 'string' ? text.slice(0, 10) : null;
}

function genkgoRecords(expected: Json): Json[] {
  const records = new Map<string, Json>();
  const add = (r: unknown) => {
    if (typeof r === 'object' && r !== null) records.set(String(obj(r).getId), obj(r));
  };
  for (const entry of (expected.getEntries as unknown[]) ?? []) add(obj(entry).getRecord);
  for (const record of (expected.getRecords as unknown[]) ?? []) add(record);
  return [...records.values()];
}

const genkgoFiles = readdirSync(join(FIXTURES, 'genkgo-camt'))
  .filter((f) => f.endsWith('.xml') && f !== 'camt053.v2.wrong.xml')
  .sort();

describe('camt samples: genkgo/camt against its .json expectations', () => {
  test('all 25 expected-result files are there', () => {
    assert.equal(genkgoFiles.length, 25);
  });

  for (const file of genkgoFiles) {
    test(file, () => {
      const parsed = parse(`genkgo-camt/${file}`);
      const expected = JSON.parse(read(`genkgo-camt/${file.replace(/\.xml$/, '.json')}`)) as Json;
      assert.equal(parsed.format, `camt.05${/^camt0?5(\d)/.exec(file)?.[1]}`);
      assert.equal(parsed.statements.length, (expected.getRecords as unknown[]).length, 'records');

      const expectedEntries = (expected.getEntries as unknown[]).map(obj);
      const entries = entriesOf(parsed);
      // multi.statement: the .json reaches only the entries of one record (1 of 2).
      if (!file.includes('multi.statement')) assert.equal(entries.length, expectedEntries.length, 'entries');
      for (const want of expectedEntries) {
        const amount = money(want.getAmount);
        const got = entries.find((e) => e.amountMinor === amount.minor && e.currency === amount.currency);
        assert.ok(got, `entry ${amount.minor} ${amount.currency}`);
        assert.equal(got.amountMinor < 0n, want.getCreditDebitIndicator === 'DBIT');
        assert.equal(got.reversal, want.getReversalIndicator === true);
        assert.equal(got.bankReference, want.getAccountServicerReference ?? want.getReference ?? null);
        const booking = jsonDate(want.getBookingDate);
        if (booking) assert.equal(got.bookingDate, booking, 'booking date');
        assert.equal(got.valueDate, jsonDate(want.getValueDate), 'value date');
      }

      for (const record of genkgoRecords(expected)) {
        const statement = parsed.statements.find((s) => s.statementId === record.getId);
        assert.ok(statement, `statement ${String(record.getId)}`);
        const account = obj(record.getAccount);
        assert.equal(
          statement.account.iban ?? statement.account.accountNumber,
          String(account.getIdentification).replaceAll(' ', ''),
        );
        const balances = ((record.getBalances as unknown[]) ?? []).map(obj);
        // genkgo calls both OPBD and PRCD 'opening'; ours is OPBD first, as listed first there.
        const firstOfType = balances.filter(
          (b, i) => balances.findIndex((o) => o.getType === b.getType) === i,
        );
        for (const balance of firstOfType) {
          const ours: Balance | null | undefined =
            balance.getType === 'opening'
              ? statement.openingBalance
              : balance.getType === 'closing'
                ? statement.closingBalance
                : undefined;
          if (ours === undefined) continue;
          const want = money(balance.getAmount);
          assert.ok(ours, `${String(balance.getType)} balance`);
          assert.equal(ours.amountMinor, want.minor, `${String(balance.getType)} amount`);
          assert.equal(ours.currency, want.currency);
          assert.equal(ours.date, jsonDate(balance.getDate));
        }
      }
    });
  }

  test('camt053.v2.wrong.xml (a BkToCstmrStmt without any Stmt) is rejected with its line', () => {
    assert.throws(
      () => parse('genkgo-camt/camt053.v2.wrong.xml'),
      (e) => e instanceof StatementSyntaxError && e.line === 3 && /no Stmt/.test(e.message),
    );
  });

  test('details of the upstream expectations: multi-record, ultimate party, structured references', () => {
    const multi = parse('genkgo-camt/camt053.v2.multi.statement.xml');
    assert.deepEqual(
      multi.statements.map((s) => [s.openingBalance?.amountMinor, s.closingBalance?.amountMinor]),
      [
        [1815n, 2700n],
        [2700n, 2000n],
      ],
    );
    const ultimate = entriesOf(parse('genkgo-camt/camt053.v2.minimal.ultimate.xml'))[0];
    assert.ok(ultimate?.ultimateParty);
    const minimal = entriesOf(parse('genkgo-camt/camt053.v2.minimal.xml'))[0];
    assert.deepEqual(minimal?.structuredReferences, ['4654654654654654']);
    assert.deepEqual(minimal?.counterparty, {
      name: 'NAME NAME',
      iban: 'NL56AGDH9619008421',
      accountNumber: null,
      bic: null,
    });
    assert.equal(minimal?.transactionCode, '544');
    const notification = entriesOf(parse('genkgo-camt/camt054.v2.xml'))[0];
    assert.equal(notification?.transactionCode, 'PMNT/ICDT/DMCT');
    assert.deepEqual(notification?.structuredReferences, [
      'ISR ref number V1',
      'ISR ref number V2',
      'Ref number V3 block 1',
      'Ref number V3 block 2',
    ]);
    assert.equal(notification?.endToEndId, 'MUELL/FINP/RA12345');
    assert.equal(notification?.bookingDate, '2007-10-18');
  });
});

// ------------------------------------------------------------------------------------------------
// viafintech/camt_parser and Subite-eu/camt-to-coda: SOURCES.md "Expected values".

interface Expectation {
  readonly file: string;
  readonly format: string;
  readonly records: number;
  /** Ntry elements (SOURCES.md "entries"). */
  readonly ntry: number;
  /** ParsedEntry count: differs from `ntry` where a batch entry is split into its TxDtls. */
  readonly entries: number;
  /** Σ CRDT and Σ DBIT of the Ntry amounts, in minor units (SOURCES.md). */
  readonly credits: bigint;
  readonly debits: bigint;
  /** Split batches mixing CRDT and DBIT transactions: only the net Σ matches the Ntry sums. */
  readonly mixedSplit?: true;
  /** Records that balance / records with both balances (SOURCES.md "continuity"). */
  readonly continuity: readonly [number, number];
  /** First opening and last closing balance as written in the file. */
  readonly opening: bigint | null;
  readonly closing: bigint | null;
  readonly currency: string;
}

// biome-ignore format: one sample per line reads better
const EXPECTED: readonly Expectation[] = [
  { file: 'subite-camt-to-coda/LT625883379695428516/CAMT_053/2024-03-07.xml', format: 'camt.053', records: 2, ntry: 3, entries: 3, credits: 82853198n, debits: 579417n, continuity: [2, 2], opening: 2108122258n, closing: 480155n, currency: 'EUR' },
  { file: 'subite-camt-to-coda/LT625883379695428516/CAMT_053/2024-03-08.xml', format: 'camt.053', records: 2, ntry: 4, entries: 4, credits: 543219143n, debits: 10675286n, continuity: [2, 2], opening: 2190396039n, closing: 480155n, currency: 'EUR' },
  { file: 'subite-camt-to-coda/LT625883379695428516/CAMT_053/2024-06-28.xml', format: 'camt.053', records: 2, ntry: 13, entries: 13, credits: 94155248n, debits: 338562843n, continuity: [2, 2], opening: 2017259690n, closing: 80155n, currency: 'EUR' },
  { file: 'subite-camt-to-coda/LT809872649478701594/CAMT_052/2024-03-11.xml', format: 'camt.052', records: 1, ntry: 0, entries: 0, credits: 0n, debits: 0n, continuity: [0, 0], opening: null, closing: null, currency: 'EUR' },
  { file: 'subite-camt-to-coda/LT809872649478701594/CAMT_054/2024-03-07.xml', format: 'camt.054', records: 1, ntry: 1, entries: 31, credits: 632900n, debits: 0n, mixedSplit: true, continuity: [0, 0], opening: null, closing: null, currency: 'EUR' },
  { file: 'subite-camt-to-coda/Other/BE68793230773034-202411.xml', format: 'camt.053', records: 1, ntry: 268, entries: 268, credits: 18000000n, debits: 15183125n, continuity: [1, 1], opening: 5937037n, closing: 8753912n, currency: 'EUR' },
  { file: 'subite-camt-to-coda/Other/account_statement.xml', format: 'camt.053', records: 1, ntry: 3, entries: 3, credits: 78990440n, debits: 78990440n, continuity: [1, 1], opening: 0n, closing: 0n, currency: 'EUR' },
  { file: 'viafintech-camt_parser/052/valid_example.xml', format: 'camt.052', records: 1, ntry: 2, entries: 2, credits: 500n, debits: 0n, continuity: [1, 1], opening: 850n, closing: 1350n, currency: 'EUR' },
  { file: 'viafintech-camt_parser/052/valid_example_with_dates.xml', format: 'camt.052', records: 1, ntry: 1, entries: 1, credits: 0n, debits: 500n, continuity: [0, 0], opening: null, closing: null, currency: 'EUR' },
  { file: 'viafintech-camt_parser/053/valid_example.xml', format: 'camt.053', records: 1, ntry: 4, entries: 5, credits: 100n, debits: 1100n, continuity: [1, 1], opening: 3306n, closing: 2306n, currency: 'EUR' },
  { file: 'viafintech-camt_parser/053/valid_example_v4.xml', format: 'camt.053', records: 1, ntry: 13, entries: 32, credits: 181056n, debits: 127295n, continuity: [1, 1], opening: 32215216n, closing: 32268977n, currency: 'CHF' },
  { file: 'viafintech-camt_parser/053/valid_example_v8.xml', format: 'camt.053', records: 1, ntry: 3, entries: 3, credits: 56325n, debits: 2097n, continuity: [0, 1], opening: 8272195n, closing: 8451525n, currency: 'CHF' },
  { file: 'viafintech-camt_parser/053/valid_example_with_batch.xml', format: 'camt.053', records: 1, ntry: 3, entries: 3, credits: 768800n, debits: 475374n, continuity: [0, 1], opening: 732980n, closing: 2303820n, currency: 'EUR' },
  { file: 'viafintech-camt_parser/053/valid_example_with_datetime.xml', format: 'camt.053', records: 1, ntry: 1, entries: 1, credits: 19586n, debits: 0n, continuity: [0, 0], opening: null, closing: 60680n, currency: 'USD' },
  { file: 'viafintech-camt_parser/053/valid_example_with_debit.xml', format: 'camt.053', records: 1, ntry: 4, entries: 5, credits: 100n, debits: 1100n, continuity: [0, 1], opening: -3306n, closing: 2306n, currency: 'EUR' },
  { file: 'viafintech-camt_parser/053/valid_example_with_instdamt.xml', format: 'camt.053', records: 1, ntry: 1, entries: 1, credits: 450000n, debits: 0n, continuity: [0, 1], opening: 10000n, closing: 450000n, currency: 'CHF' },
  { file: 'viafintech-camt_parser/053/valid_example_with_other_id.xml', format: 'camt.053', records: 1, ntry: 0, entries: 0, credits: 0n, debits: 0n, continuity: [0, 0], opening: null, closing: null, currency: 'EUR' },
  { file: 'viafintech-camt_parser/054/valid_example.xml', format: 'camt.054', records: 1, ntry: 4, entries: 5, credits: 8056n, debits: 2153n, continuity: [0, 0], opening: null, closing: null, currency: 'CHF' },
];

describe('camt samples: viafintech and Subite against SOURCES.md', () => {
  for (const want of EXPECTED) {
    test(want.file, () => {
      const parsed = parse(want.file);
      assert.equal(parsed.format, want.format);
      assert.equal(parsed.statements.length, want.records, 'records');
      const entries = entriesOf(parsed);
      assert.equal(entries.length, want.entries, 'entries');
      const credits = entries.filter((e) => e.amountMinor > 0n).reduce((s, e) => s + e.amountMinor, 0n);
      const debits = entries.filter((e) => e.amountMinor < 0n).reduce((s, e) => s - e.amountMinor, 0n);
      if (want.mixedSplit) assert.equal(credits - debits, want.credits - want.debits, 'net Σ');
      else assert.deepEqual([credits, debits], [want.credits, want.debits], 'Σ credits, Σ debits');
      const withBalances = parsed.statements.filter((s) => balanceDifference(s) !== null);
      const balanced = withBalances.filter((s) => balanceDifference(s) === 0n);
      assert.deepEqual([balanced.length, withBalances.length], want.continuity, 'continuity');
      for (const s of withBalances) {
        const warned = s.warnings.some((w) => w.includes('does not balance'));
        assert.equal(warned, balanceDifference(s) !== 0n, 'unbalanced statements carry a warning');
      }
      assert.equal(parsed.statements[0]?.openingBalance?.amountMinor ?? null, want.opening, 'opening');
      assert.equal(parsed.statements.at(-1)?.closingBalance?.amountMinor ?? null, want.closing, 'closing');
      assert.equal(parsed.statements[0]?.currency, want.currency);
      for (const e of entries) {
        assert.match(e.bookingDate, /^\d{4}-\d{2}-\d{2}$/);
        assert.ok(e.line >= 1);
      }
    });
  }

  test('SIX/PostFinance batch (camt.053.001.04): 10 TxDtls of one 1000.00 CHF entry become 10 entries', () => {
    const entries = entriesOf(parse('viafintech-camt_parser/053/valid_example_v4.xml'));
    const batch = entries.filter((e) => e.bankReference?.startsWith('20160530007602769939022000000012/'));
    assert.equal(batch.length, 10);
    assert.equal(
      batch.reduce((s, e) => s + e.amountMinor, 0n),
      100000n,
    );
    assert.equal(batch[0]?.bankReference, '20160530007602769939022000000012/1');
    assert.equal(batch[0]?.amountMinor, 10000n);
    assert.equal(batch[0]?.counterparty.name, 'Hans Kaufmann');
    assert.equal(batch[0]?.counterparty.bic, 'POFICHBEXXX');
    assert.deepEqual(batch[0]?.structuredReferences, ['CreditorReference']);
    assert.equal(batch[0]?.transactionCode, 'PMNT/CNTR/CDPT');
    assert.equal(batch[0]?.line, 292);
  });

  test('ING: a credit names the debtor, its IBAN and its agent; a bad account IBAN goes to accountNumber', () => {
    const [statement] = parse('viafintech-camt_parser/053/valid_example_with_batch.xml').statements;
    assert.equal(statement?.account.iban, null);
    assert.equal(statement?.account.accountNumber, 'NL18INGB00012345678');
    assert.equal(statement?.account.bic, 'INGBNL2A');
    const refund = statement?.entries[1];
    assert.equal(refund?.bankReference, 's8ecaaf0f96f492f603167c748a0b1c6');
    assert.equal(refund?.counterparty.name, 'TEST');
    assert.equal(refund?.counterparty.bic, 'INGBNL2A');
    assert.deepEqual(refund?.remittance, ['TERUGGAAF']);
    assert.equal(refund?.endToEndId, 'GBSXX21170607391766562');
    assert.equal(refund?.transactionCode, 'PMNT/RCDT/ESCT');
    assert.equal(refund?.line, 148);
  });

  test('the empty *namespace*.xml documents are rejected: they hold no message', () => {
    for (const file of [
      'viafintech-camt_parser/052/valid_namespace.xml',
      'viafintech-camt_parser/053/valid_namespace.xml',
      'viafintech-camt_parser/general/invalid_namespace.xml',
    ]) {
      assert.throws(
        () => parse(file),
        (e) => e instanceof StatementSyntaxError && e.line === 2 && /holds no BkToCstmrStmt/.test(e.message),
        file,
      );
    }
  });
});
