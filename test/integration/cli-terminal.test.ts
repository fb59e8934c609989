/**
 * Terminal escape injection through data (issue 11): a customer named with an escape sequence, a
 * bell and a right-to-left override prints as visible replacement characters in tables, and as
 * the same data, escaped, in JSON.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { memoryIo, stripTerminalControls, terminalSafeIo, toJson } from '../../src/cli/io.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

const EVIL = 'Evil\u001b[2J\u0007 GmbH';
const REVERSED = 'Kunde \u202eGmbH\u202c \u009b31m';

describe(`CLI output and control characters on ${backendName}`, () => {
  let box: CliSandbox;
  before(async () => {
    box = await cliSandbox();
  });
  after(() => box.cleanup());

  test('a customer named "Evil\\u001b[2J\\u0007 GmbH" cannot clear the screen or ring the bell', async () => {
    const csv = ['external_id,name,currency', `EVIL-1,"${EVIL}",EUR`, `RTL-1,"${REVERSED}",EUR`, ''].join(
      '\n',
    );
    const imported = await box.run('import', 'customers', box.file('evil.csv', csv), '--json');
    assert.equal(imported.code, 0, imported.stderr);
    const table = await box.run('customers', 'list');
    assert.equal(table.code, 0, table.stderr);
    assert.ok(table.stdout.includes('Evil\ufffd[2J\ufffd GmbH'), table.stdout);
    assert.ok(table.stdout.includes('Kunde \ufffdGmbH\ufffd \ufffd31m'), table.stdout);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach the terminal
    assert.doesNotMatch(table.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const json = await box.run('customers', 'list', '--json');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: nor the JSON output
    assert.doesNotMatch(json.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const names = JSON.parse(json.stdout)
      .customers.map((c: { name: string }) => c.name)
      .sort();
    assert.deepEqual(names, [EVIL, REVERSED].sort(), 'JSON keeps the data whole, escaped');
  });

  test('the filter keeps tabs and line feeds, and a progress line still rewrites itself', () => {
    assert.equal(stripTerminalControls('a\tb\nc\rd\u001b'), 'a\tb\nc\ufffdd\ufffd');
    const io = memoryIo();
    const safe = terminalSafeIo(io);
    safe.rewriteLine(`customers: 1/2 ${EVIL}`);
    safe.stderr(`error: ${EVIL}\n`);
    assert.deepEqual(io.err, [
      '\rcustomers: 1/2 Evil\ufffd[2J\ufffd GmbH',
      'error: Evil\ufffd[2J\ufffd GmbH\n',
    ]);
    assert.equal(JSON.parse(toJson({ name: REVERSED })).name, REVERSED);
  });
});
