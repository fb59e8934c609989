/**
 * The monitoring detectors over hand-made audit records: time zones around the DST change, IPv6
 * and IPv4-mapped addresses, look-alike user agents, bursts of failures, refunds around the window.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ApprovalPolicy, defaultApprovalPolicy } from '../approvals/index.ts';
import type { AuditRecordView } from '../audit/index.ts';
import { policyInForce } from './approval-policy-history.ts';
import { detectBankChangeThenRefund } from './detect-bank-change-refund.ts';
import { detectInvoicesOutsidePolicy, type InvoicePolicyFacts } from './detect-invoice-policy.ts';
import { detectOperationsWithoutApproval, gatedOperation } from './detect-missing-approval.ts';
import { detectNewPlaces, detectRepeatedFailedSignIns } from './detect-sign-ins.ts';
import { networkOf } from './ip-network.ts';
import { localTime } from './local-time.ts';
import { MONITORING_DEFAULTS } from './monitoring-policy.ts';
import { userAgentFamily } from './user-agent-family.ts';

let seq = 0n;
function rec(over: Partial<AuditRecordView> & { kind: string; at: string }): AuditRecordView {
  seq += 1n;
  const { at, ...rest } = over;
  return {
    seq,
    recordId: `r${seq}`,
    occurredAt: new Date(at),
    actor: { kind: 'user', id: 'u-ana', name: 'Ana' },
    origin: { channel: 'http', ip: null, agent: null },
    objectType: 'x',
    objectId: null,
    reason: null,
    changes: {},
    details: {},
    prevHash: '',
    hash: '',
    ...rest,
  };
}

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_WIN =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const EDGE_WIN = `${CHROME_WIN} Edg/131.0.2903.51`;
const SAFARI_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';

describe('networks and user-agent families', () => {
  it('takes /24 of IPv4, /48 of IPv6 and the IPv4 of a mapped address', () => {
    assert.equal(networkOf('203.0.113.7'), '203.0.113.0/24');
    assert.equal(networkOf('::ffff:203.0.113.250'), '203.0.113.0/24');
    assert.equal(networkOf('2001:DB8:0001:ffff::5'), '2001:db8:1::/48');
    assert.equal(networkOf('2001:db8:1:2:3:4:5:6'), '2001:db8:1::/48');
    assert.equal(networkOf('2001:db8::1'), '2001:db8::/48');
    assert.notEqual(networkOf('2001:db8:2::1'), networkOf('2001:db8:1::1'));
    assert.equal(networkOf('fe80::1%eth0'), 'fe80::/48');
    assert.equal(networkOf('not an address'), null);
    assert.equal(networkOf(null), null);
  });
  it('tells Edge from the Chrome it imitates, and ignores versions', () => {
    assert.equal(userAgentFamily(CHROME_WIN), 'Chrome on Windows');
    assert.equal(userAgentFamily(EDGE_WIN), 'Edge on Windows');
    assert.equal(userAgentFamily(CHROME_WIN.replace('131.0.0.0', '132.0.6834.83')), 'Chrome on Windows');
    assert.equal(userAgentFamily(SAFARI_MAC), 'Safari on macOS');
    assert.equal(userAgentFamily(FIREFOX_LINUX), 'Firefox on Linux');
    assert.equal(userAgentFamily('curl/8.5.0'), 'curl');
    assert.equal(userAgentFamily(''), null);
  });
  it('reads Berlin wall-clock time across the DST change', () => {
    // 2026-03-29: clocks go 02:00 → 03:00 in Berlin. 21:00Z is 23:00 CEST (not 22:00 CET).
    assert.deepEqual(localTime(new Date('2026-03-29T21:00:00Z'), 'Europe/Berlin'), {
      weekday: 'sun',
      minutes: 23 * 60,
      text: '2026-03-29 23:00',
    });
    assert.equal(localTime(new Date('2026-03-28T21:00:00Z'), 'Europe/Berlin').minutes, 22 * 60);
    assert.equal(localTime(new Date('2026-10-25T23:30:00Z'), 'Europe/Berlin').weekday, 'mon');
  });
});

describe('invoices issued outside the policy', () => {
  const issued = (at: string, over: Partial<AuditRecordView> = {}) =>
    rec({
      kind: 'invoice.issued',
      at,
      objectId: 'inv-1',
      details: { number: 'INV-000042', series: 'INV' },
      ...over,
    });
  const facts = (records: AuditRecordView[], over: Partial<InvoicePolicyFacts> = {}): InvoicePolicyFacts => ({
    issued: records,
    policy: MONITORING_DEFAULTS.issue,
    configuredSeries: ['INV', 'CN', 'DUN'],
    roles: new Map([
      ['u-ana', 'accountant'],
      ['u-cole', 'collector'],
    ]),
    ...over,
  });

  it('finds an invoice issued on Sunday 23:00 Berlin time (the DST day), not one on Monday 07:00', () => {
    const sunday = issued('2026-03-29T21:00:00Z');
    const monday = issued('2026-03-30T05:00:00Z'); // 07:00 CEST: the first minute allowed
    const friday = issued('2026-03-27T18:59:00Z'); // 19:59 CET
    const fridayLate = issued('2026-03-27T19:00:00Z'); // 20:00 CET: the end is exclusive
    const found = detectInvoicesOutsidePolicy(facts([sunday, monday, friday, fridayLate]));
    assert.deepEqual(
      found.map((f) => f.dedupeKey),
      [`invoice_outside_policy:${sunday.seq}`, `invoice_outside_policy:${fridayLate.seq}`],
    );
    assert.match(found[0]?.title ?? '', /sun 2026-03-29 23:00 \(Europe\/Berlin\)/);
    assert.deepEqual(found[0]?.evidence.records[0]?.seq, sunday.seq.toString());
    assert.equal(found[0]?.evidence.invoiceId, 'inv-1');
  });
  it('finds a role or a series not allowed; lets the system issue at night', () => {
    const collector = issued('2026-03-30T10:00:00Z', { actor: { kind: 'user', id: 'u-cole', name: 'Cole' } });
    const series = issued('2026-03-30T10:00:00Z', { details: { number: 'X-1', series: 'X' } });
    const system = issued('2026-03-29T04:00:00Z', { actor: { kind: 'system', id: null, name: 'system' } });
    const found = detectInvoicesOutsidePolicy(facts([collector, series, system]));
    assert.equal(found.length, 2);
    assert.match(found[0]?.title ?? '', /role collector may not issue/);
    assert.match(found[1]?.title ?? '', /series X is not allowed/);
  });
});

describe('bank details changed, then a refund', () => {
  const change = (at: string, customer = 'c-1') =>
    rec({
      kind: 'customer.updated',
      at,
      objectId: customer,
      changes: { bankAccounts: [['DE89370400440532013000'], ['DE02120300000000202051']] },
    });
  const refund = (at: string, customer = 'c-1') =>
    rec({
      kind: 'receipt.refunded',
      at,
      objectId: 'rc-1',
      details: { customerId: customer, amountMinor: '50000', currency: 'EUR' },
    });

  it('finds a refund within 30 days of the change, high, citing both records', () => {
    const c = change('2026-03-01T10:00:00Z');
    const nameOnly = rec({
      kind: 'customer.updated',
      at: '2026-03-02T10:00:00Z',
      objectId: 'c-1',
      changes: { name: ['A', 'B'] },
    });
    const r = refund('2026-03-30T09:00:00Z');
    const [f, ...rest] = detectBankChangeThenRefund({
      refunds: [r],
      customerUpdates: [c, nameOnly],
      withinDays: 30,
    });
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'high');
    assert.deepEqual(
      f?.evidence.records.map((x) => x.seq),
      [c.seq.toString(), r.seq.toString()],
    );
    assert.equal(f?.evidence.customerId, 'c-1');
    assert.equal(f?.evidence.receiptId, 'rc-1');
  });
  it('ignores a change 31 days before, another customer, and a change after the refund', () => {
    const old = change('2026-01-01T10:00:00Z');
    const other = change('2026-03-01T10:00:00Z', 'c-2');
    const r = refund('2026-02-01T10:00:01Z');
    const later = change('2026-02-02T10:00:00Z');
    assert.deepEqual(
      detectBankChangeThenRefund({ refunds: [r], customerUpdates: [old, other, later], withinDays: 30 }),
      [],
    );
  });
});

describe('sign-ins from a new place', () => {
  const signIn = (at: string, ip: string, agent: string, user = 'u-ana') =>
    rec({ kind: 'session.signed_in', at, details: { userId: user, ip, userAgent: agent } });

  it('is silent at a first sign-in and on the same /48 with a newer browser version', () => {
    const first = signIn('2026-03-01T08:00:00Z', '2001:db8:1:1::10', CHROME_WIN);
    const again = signIn(
      '2026-03-02T08:00:00Z',
      '2001:db8:1:ffff::99',
      CHROME_WIN.replace('131.0.0.0', '132.0.0.0'),
    );
    assert.deepEqual(
      detectNewPlaces({ signIns: [first, again], history: [first, again], lookbackDays: 90 }),
      [],
    );
  });
  it('finds a new network and a look-alike browser (Edge where Chrome was), medium when both are new', () => {
    const home = signIn('2026-03-01T08:00:00Z', '::ffff:198.51.100.7', CHROME_WIN);
    const edge = signIn('2026-03-02T08:00:00Z', '198.51.100.200', EDGE_WIN);
    const abroad = signIn('2026-03-03T08:00:00Z', '2001:db8:2::1', SAFARI_MAC);
    const found = detectNewPlaces({
      signIns: [edge, abroad],
      history: [home, edge, abroad],
      lookbackDays: 90,
    });
    assert.deepEqual(
      found.map((f) => [f.severity, f.evidence.facts.newNetwork, f.evidence.facts.newFamily]),
      [
        ['low', false, true],
        ['medium', true, true],
      ],
    );
  });
  it('forgets places older than the look-back', () => {
    const old = signIn('2025-11-01T08:00:00Z', '203.0.113.1', CHROME_WIN);
    const recent = signIn('2026-03-01T08:00:00Z', '198.51.100.1', CHROME_WIN);
    const back = signIn('2026-03-02T08:00:00Z', '203.0.113.1', CHROME_WIN);
    const found = detectNewPlaces({ signIns: [back], history: [old, recent, back], lookbackDays: 90 });
    assert.equal(found.length, 1);
    assert.equal(found[0]?.evidence.facts.network, '203.0.113.0/24');
  });
});

describe('repeated failed sign-ins', () => {
  const fail = (at: string, who: { userId?: string; emailKey: string }, ip = '203.0.113.9') =>
    rec({
      kind: 'session.sign_in_failed',
      at,
      actor: { kind: 'system', id: null, name: 'system' },
      details: { userId: who.userId ?? null, emailKey: who.emailKey, ip, failure: 'wrong_password' },
    });
  const minute = (m: number) => new Date(Date.parse('2026-03-31T12:00:00Z') + m * 60_000).toISOString();
  const params = { threshold: 5, windowMinutes: 15 };

  it('raises one finding at the fifth failure within 15 minutes, none for a sixth, again after a pause', () => {
    const ana = { userId: 'u-ana', emailKey: 'ana@example.com' };
    const first = [0, 3, 6, 9, 12, 13].map((m) => fail(minute(m), ana));
    const second = [60, 61, 62, 63, 64].map((m) => fail(minute(m), ana));
    const all = [...first, ...second];
    const found = detectRepeatedFailedSignIns({ failures: all, afterSeq: 0n, ...params });
    assert.deepEqual(
      found.map((f) => f.dedupeKey),
      [
        `repeated_failed_sign_ins:account:user:u-ana:${first[4]?.seq}`,
        `repeated_failed_sign_ins:account:user:u-ana:${second[4]?.seq}`,
      ],
    );
    // A rescan that has seen the first burst already raises only the second.
    const rescan = detectRepeatedFailedSignIns({ failures: all, afterSeq: first[5]?.seq ?? 0n, ...params });
    assert.equal(rescan.length, 1);
  });
  it('does not count failures spread over more than 15 minutes', () => {
    const ana = { userId: 'u-ana', emailKey: 'ana@example.com' };
    const spread = [0, 4, 8, 12, 15].map((m) => fail(minute(m), ana));
    assert.deepEqual(detectRepeatedFailedSignIns({ failures: spread, afterSeq: 0n, ...params }), []);
  });
  it('finds one IPv6 address trying several accounts (unknown e-mails too), high', () => {
    const ip = '2001:db8:bad::1';
    const tries = ['a@x.de', 'b@x.de', 'c@x.de', 'd@x.de', 'e@x.de'].map((e, i) =>
      fail(minute(i), { emailKey: e }, ip),
    );
    const [f, ...rest] = detectRepeatedFailedSignIns({ failures: tries, afterSeq: 0n, ...params });
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'high');
    assert.equal(f?.evidence.facts.scope, 'ip');
    assert.equal(f?.evidence.records.length, 5);
  });
});

describe('operations without the required approval', () => {
  /** The default policy with write-offs (EUR 500.00) and bank-detail changes switched on. */
  const policy = (writeOffEur = '500.00'): ApprovalPolicy => ({
    ...defaultApprovalPolicy(),
    kinds: defaultApprovalPolicy().kinds.map((k) =>
      k.kind === 'invoice.write_off'
        ? { ...k, enabled: true, thresholds: [{ currency: 'EUR', amount: writeOffEur }] }
        : k.kind === 'customer.bank_details'
          ? { ...k, enabled: true }
          : k,
    ),
  });
  const kindField = (p: ApprovalPolicy, kind: string) => JSON.stringify(p.kinds.find((k) => k.kind === kind));
  const writeOff = (amountMinor: string, over: Partial<AuditRecordView> = {}) =>
    rec({
      kind: 'invoice.written_off',
      at: '2026-03-30T10:00:00Z',
      objectType: 'invoice',
      objectId: 'inv-9',
      details: { number: 'INV-000009', amountMinor },
      ...over,
    });
  const judge = (records: AuditRecordView[], currency: string | null, p = policy()) =>
    detectOperationsWithoutApproval({
      operations: records.flatMap((r) => gatedOperation(r, currency) ?? []),
      policyAt: () => p,
    });

  it('finds a write-off at the EUR threshold without approval, not one below it nor an approved one', () => {
    const at = writeOff('50000');
    const below = writeOff('49999');
    const approved = writeOff('80000', {
      details: {
        number: 'INV-000009',
        amountMinor: '80000',
        approval: { requestId: 'req-1', maker: { name: 'Ana' }, checker: { name: 'Cole' } },
      },
    });
    const [f, ...rest] = judge([at, below, approved], 'EUR');
    assert.equal(rest.length, 0);
    assert.equal(f?.kind, 'operation_without_approval');
    assert.equal(f?.severity, 'high');
    assert.equal(f?.dedupeKey, `operation_without_approval:${at.seq}`);
    assert.equal(f?.evidence.invoiceId, 'inv-9');
    assert.deepEqual(
      f?.evidence.records.map((r) => r.seq),
      [at.seq.toString()],
    );
    assert.deepEqual(
      [f?.evidence.facts.approvalKind, f?.evidence.facts.amount, f?.evidence.facts.threshold],
      ['invoice.write_off', '500.00 EUR', '500.00 EUR'],
    );
    assert.match(f?.title ?? '', /invoice\.write_off of 500\.00 EUR .*without the required approval/);
  });
  it('finds a write-off in a currency without a threshold (fail-safe), and none while the kind is off', () => {
    assert.equal(judge([writeOff('100')], 'CHF').length, 1);
    assert.equal(judge([writeOff('100')], 'CHF')[0]?.evidence.facts.threshold, null);
    assert.equal(judge([writeOff('9999999')], 'EUR', defaultApprovalPolicy()).length, 0);
  });
  it('judges refunds by the unapplied amount they took, bank changes by the field, and skips the system', () => {
    const refund = rec({
      kind: 'receipt.refunded',
      at: '2026-03-30T10:00:00Z',
      objectType: 'receipt',
      objectId: 'rc-1',
      changes: { unappliedMinor: ['150000', '30000'] },
      details: { customerId: 'c-1', currency: 'EUR', amountMinor: '150000' },
    });
    assert.deepEqual(gatedOperation(refund, null), {
      record: refund,
      kind: 'receipt.refund',
      amountMinor: 120000n,
      currency: 'EUR',
    });
    const bank = rec({
      kind: 'customer.updated',
      at: '2026-03-30T10:00:00Z',
      objectType: 'customer',
      objectId: 'c-1',
      changes: { bankAccounts: [['DE89370400440532013000'], ['DE02120300000000202051']] },
    });
    const nameOnly = rec({
      kind: 'customer.updated',
      at: '2026-03-30T10:00:00Z',
      changes: { name: ['A', 'B'] },
    });
    const bySystem = writeOff('90000', { actor: { kind: 'system', id: null, name: 'system' } });
    const found = judge([bank, nameOnly, bySystem], 'EUR');
    assert.deepEqual(
      found.map((f) => [f.evidence.facts.approvalKind, f.evidence.customerId]),
      [['customer.bank_details', 'c-1']],
    );
  });
  it('reads a credit-limit change as an increase; lowering it or setting the first limit is not gated', () => {
    const limit = (before: string | null, after: string | null) =>
      gatedOperation(
        rec({
          kind: 'customer.credit_limit_changed',
          at: '2026-03-30T10:00:00Z',
          objectId: 'c-1',
          changes: { creditLimitMinor: [before, after] },
        }),
        'EUR',
      );
    assert.equal(limit('100000', '250000')?.amountMinor, 150000n);
    assert.equal(limit('100000', null)?.amountMinor, null, 'removing a limit: no amount, always gated');
    assert.equal(limit('100000', '50000'), null);
    assert.equal(limit(null, '50000'), null);
  });
  it('takes the policy in force when the record was written: the before of the first change after it', () => {
    const off = defaultApprovalPolicy();
    const on = policy('500.00');
    const higher = policy('5000.00');
    const change = (from: ApprovalPolicy, to: ApprovalPolicy) =>
      rec({
        kind: 'approval_policy.updated',
        at: '2026-03-30T11:00:00Z',
        changes: {
          'invoice.write_off': [kindField(from, 'invoice.write_off'), kindField(to, 'invoice.write_off')],
        },
      });
    const early = writeOff('80000');
    const turnedOn = change(off, on);
    const middle = writeOff('80000');
    const raised = change(on, higher);
    const late = writeOff('80000');
    const changes = [turnedOn, raised];
    const at = (r: AuditRecordView) =>
      policyInForce(higher, changes, r.seq).kinds.find((k) => k.kind === 'invoice.write_off');
    assert.equal(at(early)?.enabled, false, 'before the policy was switched on');
    assert.deepEqual(at(middle)?.thresholds, [{ currency: 'EUR', amount: '500.00' }]);
    assert.deepEqual(at(late)?.thresholds, [{ currency: 'EUR', amount: '5000.00' }]);
    const found = detectOperationsWithoutApproval({
      operations: [early, middle, late].flatMap((r) => gatedOperation(r, 'EUR') ?? []),
      policyAt: (seq) => policyInForce(higher, changes, seq),
    });
    assert.deepEqual(
      found.map((f) => f.dedupeKey),
      [`operation_without_approval:${middle.seq}`],
      'only the write-off made while EUR 500.00 was the threshold; the later raise does not excuse it',
    );
  });
});
