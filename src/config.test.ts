import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './config.ts';

describe('job settings', () => {
  it('defaults: schedules on, in UTC, no overrides, the back end picks the polling interval', () => {
    assert.deepEqual(loadConfig({}, {}).jobs, {
      scheduler: true,
      timeZone: 'UTC',
      schedules: {},
      pollSeconds: null,
      concurrency: 2,
    });
  });

  it('reads the zone, the overrides (not the zone itself), the switch, concurrency and polling', () => {
    const jobs = loadConfig(
      {},
      {
        CASHLOOP_SCHEDULE_TZ: 'Europe/Berlin',
        CASHLOOP_SCHEDULE_DUNNING_RUN: ' 30 7 * * 1-5 ',
        CASHLOOP_SCHEDULE_OUTBOX_DELIVER: 'off',
        CASHLOOP_SCHEDULER: 'off',
        CASHLOOP_WORKER_CONCURRENCY: '4',
        CASHLOOP_JOBS_POLL_SECONDS: '1.5',
      },
    ).jobs;
    assert.deepEqual(jobs, {
      scheduler: false,
      timeZone: 'Europe/Berlin',
      schedules: { CASHLOOP_SCHEDULE_DUNNING_RUN: '30 7 * * 1-5', CASHLOOP_SCHEDULE_OUTBOX_DELIVER: 'off' },
      pollSeconds: 1.5,
      concurrency: 4,
    });
  });

  it('refuses an unknown zone, a schedule that is no cron expression, and polling below 0.5 s', () => {
    assert.throws(
      () => loadConfig({}, { CASHLOOP_SCHEDULE_TZ: 'Mars/Olympus' }),
      /CASHLOOP_SCHEDULE_TZ: must be an IANA/,
    );
    assert.throws(
      () => loadConfig({}, { CASHLOOP_SCHEDULE_DUNNING_RUN: 'daily' }),
      /CASHLOOP_SCHEDULE_DUNNING_RUN: must be a cron expression/,
    );
    assert.throws(() => loadConfig({}, { CASHLOOP_JOBS_POLL_SECONDS: '0.1' }), /CASHLOOP_JOBS_POLL_SECONDS/);
  });
});

describe('HTTP settings', () => {
  it('defaults: no proxy trusted, the documented rate limits', () => {
    assert.deepEqual(loadConfig({}, {}).http, {
      trustProxy: false,
      rateLimits: { perIpPerMinute: 1200, perPrincipalPerMinute: 600, credentialsPerIpPerMinute: 10 },
    });
  });

  it('reads trust-proxy as on, a hop count or addresses, and limits (0 switches one off)', () => {
    const on = loadConfig({}, { CASHLOOP_TRUST_PROXY: 'on', CASHLOOP_RATE_LIMIT_CREDENTIALS: '0' }).http;
    assert.equal(on.trustProxy, true);
    assert.equal(on.rateLimits.credentialsPerIpPerMinute, 0);
    assert.equal(loadConfig({}, { CASHLOOP_TRUST_PROXY: '2' }).http.trustProxy, 2);
    assert.deepEqual(loadConfig({}, { CASHLOOP_TRUST_PROXY: '10.0.0.0/8, ::1' }).http.trustProxy, [
      '10.0.0.0/8',
      '::1',
    ]);
    assert.throws(() => loadConfig({}, { CASHLOOP_TRUST_PROXY: 'yes please' }), /CASHLOOP_TRUST_PROXY/);
    assert.throws(() => loadConfig({}, { CASHLOOP_RATE_LIMIT_PER_IP: '-1' }), /CASHLOOP_RATE_LIMIT_PER_IP/);
  });
});

describe('secret keys', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const other = Buffer.alloc(32, 9).toString('base64');

  it('none set: null (storing a secret is then refused)', () => {
    assert.equal(loadConfig({}, {}).secrets, null);
  });

  it('reads the key and the previous one, with distinct ids', () => {
    const ring = loadConfig({}, { CASHLOOP_SECRET_KEY: key, CASHLOOP_SECRET_KEY_PREVIOUS: other }).secrets;
    assert.equal(ring?.current.key.length, 32);
    assert.ok(ring?.previous && ring.previous.id !== ring.current.id);
  });

  it('refuses a malformed key naming the variable, never the value; a previous key alone', () => {
    assert.throws(
      () => loadConfig({}, { CASHLOOP_SECRET_KEY: 'c2VjcmV0LXRvby1zaG9ydA==' }),
      (e: Error) => /CASHLOOP_SECRET_KEY: must be 32 bytes/.test(e.message) && !e.message.includes('c2Vj'),
    );
    assert.throws(
      () => loadConfig({}, { CASHLOOP_SECRET_KEY: key, CASHLOOP_SECRET_KEY_PREVIOUS: 'x y' }),
      /CASHLOOP_SECRET_KEY_PREVIOUS: must be 32 random bytes/,
    );
    assert.throws(() => loadConfig({}, { CASHLOOP_SECRET_KEY_PREVIOUS: key }), /without CASHLOOP_SECRET_KEY/);
  });
});
