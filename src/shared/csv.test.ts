import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cpuTimed } from '../../test/helpers/cpu-time.ts';
import { neutralizeFormula, parseCsv, recordsAsObjects, toCsv } from './csv.ts';
import { AppError } from './errors.ts';

/** Assert that `fn` throws validation_failed with exactly one detail on `line`. */
function assertCsvError(fn: () => unknown, line: number, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AppError);
    assert.equal(err.code, 'validation_failed');
    assert.equal(err.details.length, 1);
    assert.equal(err.details[0]?.line, line);
    assert.match(err.details[0]?.message ?? '', pattern);
    return true;
  });
}

describe('parseCsv: RFC 4180 section 2 examples', () => {
  it('reads records separated by CRLF, with or without a final line break', () => {
    const expected = {
      header: ['aaa', 'bbb', 'ccc'],
      rows: [{ line: 2, values: ['zzz', 'yyy', 'xxx'] }],
    };
    assert.deepEqual(parseCsv('aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n'), expected);
    assert.deepEqual(parseCsv('aaa,bbb,ccc\r\nzzz,yyy,xxx'), expected);
  });

  it('reads quoted fields, a line break inside quotes, and doubled quotes', () => {
    assert.deepEqual(parseCsv('"aaa","bbb","ccc"\r\nzzz,yyy,xxx\r\n').header, ['aaa', 'bbb', 'ccc']);
    assert.deepEqual(parseCsv('"aaa","b\r\nbb","ccc"\r\nzzz,yyy,xxx\r\n'), {
      header: ['aaa', 'b\r\nbb', 'ccc'],
      rows: [{ line: 3, values: ['zzz', 'yyy', 'xxx'] }],
    });
    assert.deepEqual(parseCsv('h1,h2,h3\r\n"aaa","b""bb","ccc"\r\n').rows, [
      { line: 2, values: ['aaa', 'b"bb', 'ccc'] },
    ]);
  });
});

describe('parseCsv: line numbers', () => {
  it('numbers records by the physical line they start on', () => {
    const { rows } = parseCsv('id,note\n1,"first\nsecond\nthird"\n2,plain\n3,"x\r\ny"\n4,end\n');
    assert.deepEqual(
      rows.map((r) => r.line),
      [2, 5, 6, 8],
    );
    assert.deepEqual(rows[0]?.values, ['1', 'first\nsecond\nthird']);
    assert.deepEqual(rows[2]?.values, ['3', 'x\r\ny']);
  });

  it('skips empty and whitespace-only lines but keeps counting them', () => {
    const { header, rows } = parseCsv('\n\r\nid,name\n\n1,Ada\n   \n\t\n2,Grace\n\n');
    assert.deepEqual(header, ['id', 'name']);
    assert.deepEqual(rows, [
      { line: 5, values: ['1', 'Ada'] },
      { line: 8, values: ['2', 'Grace'] },
    ]);
  });

  it('treats CRLF, LF and a lone CR each as one line break', () => {
    const { rows } = parseCsv('h\r\na\nb\rc\r\n\rd');
    assert.deepEqual(rows, [
      { line: 2, values: ['a'] },
      { line: 3, values: ['b'] },
      { line: 4, values: ['c'] },
      { line: 6, values: ['d'] },
    ]);
  });

  it('counts line breaks inside quoted header fields too', () => {
    const { header, rows } = parseCsv('"multi\nline header",b\n1,2\n');
    assert.deepEqual(header, ['multi\nline header', 'b']);
    assert.deepEqual(rows, [{ line: 3, values: ['1', '2'] }]);
  });
});

describe('parseCsv: fields', () => {
  it('strips a UTF-8 byte-order mark', () => {
    const { header } = parseCsv('\uFEFFid,name\r\n1,Ada\r\n');
    assert.deepEqual(header, ['id', 'name']);
    assert.deepEqual(parseCsv('\uFEFF"id",name\n').header, ['id', 'name']);
  });

  it('keeps delimiters and quotes inside quoted fields', () => {
    const { rows } = parseCsv('name,amount\n"Smith, J.","1,234.50"\n"5"" screen",x\n');
    assert.deepEqual(rows[0]?.values, ['Smith, J.', '1,234.50']);
    assert.deepEqual(rows[1]?.values, ['5" screen', 'x']);
  });

  it('trims unquoted fields but nothing inside quotes', () => {
    const { rows } = parseCsv('a,b,c\n  x  ,  " y "  ,\t"\tz\t"\t\n');
    assert.deepEqual(rows[0]?.values, ['x', ' y ', '\tz\t']);
  });

  it('reads empty fields, including a trailing delimiter', () => {
    const { rows } = parseCsv('a,b,c\n1,,3\n,,\n1,2,\n');
    assert.deepEqual(
      rows.map((r) => r.values),
      [
        ['1', '', '3'],
        ['', '', ''],
        ['1', '2', ''],
      ],
    );
  });

  it('reads a line holding only "" as one empty field, not a blank line', () => {
    assert.deepEqual(parseCsv('a\n""\n').rows, [{ line: 2, values: [''] }]);
  });

  it('keeps a quote inside an unquoted field literally', () => {
    assert.deepEqual(parseCsv('size\n27" monitor\n').rows[0]?.values, ['27" monitor']);
  });

  it('does not enforce the header width', () => {
    const { rows } = parseCsv('a,b\n1\n1,2,3\n');
    assert.deepEqual(
      rows.map((r) => r.values),
      [['1'], ['1', '2', '3']],
    );
  });

  it('keeps non-ASCII text intact', () => {
    assert.deepEqual(parseCsv('name\nZoë Müller\n"日本, 株式会社"\n').rows, [
      { line: 2, values: ['Zoë Müller'] },
      { line: 3, values: ['日本, 株式会社'] },
    ]);
  });
});

describe('parseCsv: empty input', () => {
  it('has no header and no rows', () => {
    for (const text of ['', '\uFEFF', '\n\n', '\r\n  \r\n']) {
      assert.deepEqual(parseCsv(text), { header: [], rows: [] }, JSON.stringify(text));
    }
  });

  it('returns a header with no rows for a header-only file', () => {
    assert.deepEqual(parseCsv('id,name\r\n'), { header: ['id', 'name'], rows: [] });
  });
});

describe('parseCsv: delimiters', () => {
  it('uses another delimiter when asked', () => {
    assert.deepEqual(parseCsv('a;b\n"1;2";3,5\n', { delimiter: ';' }).rows[0]?.values, ['1;2', '3,5']);
  });

  it('reads tab-separated values, where tabs are not padding', () => {
    const { header, rows } = parseCsv('a\tb\tc\n 1 \t\t"x\ty"\n\t\t\n', { delimiter: '\t' });
    assert.deepEqual(header, ['a', 'b', 'c']);
    assert.deepEqual(rows, [
      { line: 2, values: ['1', '', 'x\ty'] },
      { line: 3, values: ['', '', ''] },
    ]);
  });

  it('rejects a delimiter that cannot work', () => {
    for (const delimiter of ['', ',,', '"', '\n', '\r']) {
      assert.throws(() => parseCsv('a', { delimiter }), AppError, JSON.stringify(delimiter));
    }
  });
});

describe('parseCsv: errors', () => {
  it('reports an unterminated quote on the line where it opened', () => {
    assertCsvError(() => parseCsv('id,note\n1,ok\n2,"never closed\nstill open\n'), 3, /unterminated/);
    assertCsvError(() => parseCsv('"id'), 1, /unterminated/);
    assertCsvError(() => parseCsv('a\n1,"x""'), 2, /unterminated/);
  });

  it('reports text after a closing quote', () => {
    assertCsvError(() => parseCsv('a,b\n"x"y,2\n'), 2, /after a closing quote/);
    assertCsvError(() => parseCsv('a,b\n"multi\nline" z,2\n'), 3, /after a closing quote/);
  });

  it('uses the validation_failed code so transports map it to a 4xx', () => {
    assert.throws(
      () => parseCsv('"'),
      (err: unknown) => err instanceof AppError && err.code === 'validation_failed',
    );
  });
});

describe('recordsAsObjects', () => {
  it('keys values by header name', () => {
    assert.deepEqual(recordsAsObjects(['id', 'name'], { values: ['1', 'Ada'] }), { id: '1', name: 'Ada' });
  });

  it('fills missing values with "" and drops extra ones', () => {
    assert.deepEqual(recordsAsObjects(['id', 'name'], { values: ['1'] }), { id: '1', name: '' });
    assert.deepEqual(recordsAsObjects(['id'], { values: ['1', 'extra'] }), { id: '1' });
  });

  it('keeps the last value for a repeated header and treats __proto__ as a plain key', () => {
    assert.deepEqual(recordsAsObjects(['a', 'a'], { values: ['1', '2'] }), { a: '2' });
    const record = recordsAsObjects(['__proto__'], { values: ['x'] });
    assert.equal(Object.getOwnPropertyDescriptor(record, '__proto__')?.value, 'x');
    assert.equal(Object.getPrototypeOf(record), Object.prototype);
  });

  it('works with rows from parseCsv', () => {
    const { header, rows } = parseCsv('code,description\nNET30,Net 30 days\n');
    const [row] = rows;
    assert.ok(row);
    assert.deepEqual(recordsAsObjects(header, row), { code: 'NET30', description: 'Net 30 days' });
  });
});

describe('toCsv', () => {
  it('writes CRLF-terminated records and quotes only when needed', () => {
    assert.equal(
      toCsv([
        ['id', 'note'],
        ['1', 'plain'],
        ['2', 'a,b'],
        ['3', 'say "hi"'],
        ['4', 'two\nlines'],
        ['5', ' padded '],
        ['6', ''],
      ]),
      'id,note\r\n1,plain\r\n2,"a,b"\r\n3,"say ""hi"""\r\n4,"two\nlines"\r\n5," padded "\r\n6,\r\n',
    );
  });

  it('quotes a lone empty field so the record is not read as a blank line', () => {
    assert.equal(toCsv([['a'], [''], ['b']]), 'a\r\n""\r\nb\r\n');
    assert.deepEqual(parseCsv(toCsv([['a'], [''], ['b']])).rows, [
      { line: 2, values: [''] },
      { line: 3, values: ['b'] },
    ]);
  });

  it('writes nothing for no rows', () => {
    assert.equal(toCsv([]), '');
  });

  it('uses another delimiter when asked', () => {
    assert.equal(toCsv([['a;b', 'c,d']], { delimiter: ';' }), '"a;b";c,d\r\n');
    assert.equal(toCsv([['x\ty', 'z']], { delimiter: '\t' }), '"x\ty"\tz\r\n');
  });
});

describe('toCsv then parseCsv', () => {
  const field = (units: string[]) => fc.string({ unit: fc.constantFrom(...units), maxLength: 8 });
  const table = (units: string[]) =>
    fc.array(fc.array(field(units), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 });

  it('round-trips any table, with line numbers counting embedded line breaks', () => {
    // Line breaks are "\n" or "\r\n", so each "\n" character is exactly one physical line break.
    fc.assert(
      fc.property(table(['a', 'é', ',', '"', ' ', '\t', '\n', '\r\n', ';']), (rows) => {
        const parsed = parseCsv(toCsv(rows));
        assert.deepEqual(parsed.header, rows[0]);
        let line = 1 + (rows[0] ?? []).join('').split('\n').length;
        rows.slice(1).forEach((values, i) => {
          assert.deepEqual(parsed.rows[i], { line, values });
          line += values.join('').split('\n').length;
        });
        assert.equal(parsed.rows.length, rows.length - 1);
      }),
    );
  });

  it('round-trips with lone carriage returns and other delimiters', () => {
    for (const delimiter of [',', ';', '\t', '|']) {
      fc.assert(
        fc.property(table(['x', '\r', '\n', '"', ' ', '\t', ',', ';', '|']), (rows) => {
          const parsed = parseCsv(toCsv(rows, { delimiter }), { delimiter });
          assert.deepEqual([parsed.header, ...parsed.rows.map((r) => r.values)], rows);
        }),
      );
    }
  });
});

describe('parseCsv: NUL characters', () => {
  it('refuses a file with a NUL in a field, naming the line and the column header', () => {
    assert.throws(
      () => parseCsv('external_id,name\r\nC-1,Acme\r\nC-2,Ac\u0000me\r\n'),
      (e: unknown) =>
        e instanceof AppError &&
        e.details[0]?.line === 3 &&
        e.details[0]?.field === 'name' &&
        /NUL/.test(e.details[0]?.message ?? ''),
    );
  });
});

describe('parseCsv: hostile sizes (found by npm run fuzz)', () => {
  it('reads a field with 300,000 spaces inside it in linear time', () => {
    // Trimming with /[ \t]+$/ retried the regex at every space of the run: 138 s for this file.
    const spaces = ' '.repeat(300_000);
    const { result: table, ms } = cpuTimed(() => parseCsv(`id,name\n1,pay${spaces}ment ${spaces}\n`));
    assert.equal(table.rows[0]?.values[1], `pay${spaces}ment`);
    assert.ok(ms < 1000, `took ${Math.round(ms)} ms`);
  });
});

describe('neutralizeFormula (CSV injection, OWASP)', () => {
  it('prefixes a text that a spreadsheet would run as a formula with an apostrophe', () => {
    const cases = [
      '=HYPERLINK("http://x.example","x")',
      '+1-2',
      "-2+3+cmd|' /C calc'!A0",
      '@SUM(A1)',
      '\t=1',
      '\r=1',
    ];
    for (const value of cases) assert.equal(neutralizeFormula(value), `'${value}`, JSON.stringify(value));
  });

  it('leaves every other text alone, a formula sign inside a text too', () => {
    for (const value of ['', 'Müller Bau GmbH', 'a=b', ' =1', "'=1", 'INV-1', '1-2'])
      assert.equal(neutralizeFormula(value), value, JSON.stringify(value));
  });
});
