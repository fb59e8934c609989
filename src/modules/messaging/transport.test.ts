import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { DEFAULT_RETRY_DELAYS_SECONDS, nextAttemptAt, parseRetryDelays } from './backoff.ts';
import { classifySendError, PermanentSendError } from './transport.ts';

describe('send errors: transient or permanent', () => {
  const smtp = (responseCode: number, response: string) =>
    Object.assign(new Error(`Message failed: ${response}`), { code: 'EMESSAGE', responseCode, response });

  it('follows the SMTP reply class when there is one', () => {
    assert.deepEqual(classifySendError(smtp(451, '451 4.3.0 try later')), {
      permanent: false,
      message: 'EMESSAGE: 451 4.3.0 try later',
    });
    assert.equal(classifySendError(smtp(550, '550 5.1.1 no such user')).permanent, true);
    assert.equal(classifySendError(smtp(421, '421 closing')).permanent, false);
  });

  it('retries refused, dropped and timed-out connections and failed logins', () => {
    for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EAUTH', 'EDNS', 'ETLS'])
      assert.equal(classifySendError(Object.assign(new Error('x'), { code })).permanent, false, code);
    assert.equal(classifySendError(new Error('connect ECONNREFUSED 127.0.0.1:1')).permanent, false);
  });

  it('fails a malformed message or a changed attachment at once', () => {
    assert.equal(
      classifySendError(Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' })).permanent,
      true,
    );
    assert.equal(classifySendError(new PermanentSendError('attachment changed')).permanent, true);
    assert.equal(classifySendError(new AppError('not_found', 'document x not found')).permanent, true);
  });
});

describe('backoff', () => {
  it('waits 1 min, 5 min, 30 min, 2 h, 12 h, then gives up', () => {
    const t = new Date('2026-03-31T12:00:00Z');
    const waits = [0, 1, 2, 3, 4, 5].map((step) => nextAttemptAt(t, step)?.toISOString() ?? null);
    assert.deepEqual(waits, [
      '2026-03-31T12:01:00.000Z',
      '2026-03-31T12:05:00.000Z',
      '2026-03-31T12:30:00.000Z',
      '2026-03-31T14:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
      null,
    ]);
    assert.equal(DEFAULT_RETRY_DELAYS_SECONDS.length, 5);
  });

  it('reads a schedule from configuration', () => {
    assert.deepEqual(parseRetryDelays('1m, 5m,30m,2h,12h'), [60, 300, 1800, 7200, 43_200]);
    assert.deepEqual(parseRetryDelays('10,20'), [10, 20]);
    assert.equal(parseRetryDelays('1m,soon'), null);
    assert.equal(parseRetryDelays('0'), null);
  });
});
