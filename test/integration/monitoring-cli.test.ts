/**
 * `cashloop monitoring scan` and `cashloop findings list|show|dismiss` on both back ends: failed
 * sign-ins (made through the sessions service, as the API does) are found by the scan, listed,
 * shown with their evidence and dismissed with a note; a dismissal without a note, or a second
 * one, is refused with a non-zero exit code.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/db/client.ts';
import { DEFAULT_SESSION_POLICY, signIn } from '../../src/modules/users/index.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

let box: CliSandbox;
before(async () => {
  box = await cliSandbox();
});
after(() => box.cleanup());

/** Five wrong passwords for `email`, through the sessions service (the CLI has closed the database). */
async function failSignIns(email: string, times: number): Promise<void> {
  const database = box.env.DATABASE_URL
    ? await openDatabase({ kind: 'postgres', url: box.env.DATABASE_URL, poolSize: 1 })
    : await openDatabase({ kind: 'pglite', dataDir: box.env.CASHLOOP_DATA_DIR ?? '' });
  try {
    const deps = { db: database.db, clock: systemClock, sessionPolicy: DEFAULT_SESSION_POLICY };
    for (let i = 0; i < times; i++)
      await assert.rejects(
        signIn(
          deps,
          { email, password: `nicht-das-passwort-${i}` },
          { ip: '2001:db8:7::1', userAgent: 'curl/8.5.0' },
        ),
      );
  } finally {
    await database.close();
  }
}

describe(`cashloop findings and monitoring (${backendName})`, () => {
  it('scans, lists, shows and dismisses a finding of repeated failed sign-ins', async () => {
    const email = `jörg-${randomUUID().slice(0, 8)}@example.com`;
    const created = await box.runWithStdin(
      'ein-langes-passwort\n',
      'user',
      'create',
      '--email',
      email,
      '--role',
      'collector',
      '--password-stdin',
    );
    assert.equal(created.code, 0, created.stderr);
    await failSignIns(email, 5);

    const scan = await box.run('monitoring', 'scan', '--json');
    assert.equal(scan.code, 0, scan.stderr);
    assert.equal(JSON.parse(scan.stdout).findings, 1);
    assert.equal(JSON.parse((await box.run('monitoring', 'scan', '--json')).stdout).findings, 0, 'rescan');

    const list = await box.run(
      'findings',
      'list',
      '--status',
      'open',
      '--kind',
      'repeated_failed_sign_ins',
      '--json',
    );
    assert.equal(list.code, 0, list.stderr);
    const [f, ...rest] = JSON.parse(list.stdout);
    assert.equal(rest.length, 0);
    assert.match(f.title, /^5 failed sign-ins for jörg-/);

    const shown = await box.run('findings', 'show', f.findingId);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /MEDIUM {2}open/);
    assert.match(shown.stdout, /2001:db8:7::1/);

    const noNote = await box.run('findings', 'dismiss', f.findingId);
    assert.notEqual(noNote.code, 0);
    assert.match(noNote.stderr, /note/);
    const dismissed = await box.run(
      'findings',
      'dismiss',
      f.findingId,
      '--note',
      'Jörg hatte die Feststelltaste an',
    );
    assert.equal(dismissed.code, 0, dismissed.stderr);
    assert.match(dismissed.stdout, /dismissed/);
    const again = await box.run('findings', 'confirm', f.findingId, '--note', 'doch');
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /dismissed already/);
    const closed = await box.run('findings', 'list', '--status', 'dismissed', '--json');
    assert.equal(JSON.parse(closed.stdout)[0].decision.note, 'Jörg hatte die Feststelltaste an');
  });
});
