import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertDigest, MAX_LISTED_EVENTS } from './alert-digest.ts';
import { type AlertFact, type AlertRule, alertEvents, alertRuleInput, recipientsOf } from './alert-rules.ts';

const rule = (over: Partial<AlertRule> = {}): AlertRule => ({
  ruleId: '0190a0b0-0000-7000-8000-000000000001',
  name: 'big and late',
  enabled: true,
  params: { kind: 'invoice_overdue', currency: 'EUR', minAmount: '10000', minDaysLate: 15 },
  notifyCollector: true,
  notifyRoles: ['credit_manager'],
  createdAt: new Date('2026-06-01T00:00:00Z'),
  updatedAt: new Date('2026-06-01T00:00:00Z'),
  ...over,
});

const fact = (id: string, collectorEmail: string | null): AlertFact => ({
  subject: { type: 'invoice', id, label: `RE-${id}` },
  customerName: 'Brauerei Zoë',
  currency: 'EUR',
  amountMinor: 1_200_000n,
  days: 20,
  collectorEmail,
});

const users = [
  { userId: 'u-cm', email: 'kredit@example.com', role: 'credit_manager' },
  { userId: 'u-col', email: 'Zoë@Brauerei-Köln.example', role: 'collector' },
  { userId: 'u-acc', email: 'buch@example.com', role: 'accountant' },
];

describe('alert rules', () => {
  it('key each event by kind, rule and subject, so that it is told once', () => {
    const events = alertEvents(rule(), [fact('a', null), fact('b', null)]);
    assert.deepEqual(
      events.map((e) => e.eventKey),
      [
        'invoice_overdue:0190a0b0-0000-7000-8000-000000000001:a',
        'invoice_overdue:0190a0b0-0000-7000-8000-000000000001:b',
      ],
    );
    assert.equal(events[0]?.title, 'Invoice RE-a of Brauerei Zoë: EUR 12,000.00 open, 20 days late');
  });

  it('tell the collector (a user with that address in any case, or by e-mail only) and the roles, each once', () => {
    const [withUser] = alertEvents(rule(), [fact('a', 'zoë@brauerei-köln.example')]);
    assert.ok(withUser);
    assert.deepEqual(recipientsOf(rule(), withUser, users), {
      emails: ['Zoë@Brauerei-Köln.example', 'kredit@example.com'],
      userIds: ['u-cm', 'u-col'],
    });
    const [external] = alertEvents(rule(), [fact('b', 'extern@inkasso.example')]);
    assert.ok(external);
    assert.deepEqual(recipientsOf(rule(), external, users), {
      emails: ['extern@inkasso.example', 'kredit@example.com'],
      userIds: ['u-cm'],
    });
    const [silent] = alertEvents(rule({ notifyCollector: false }), [fact('c', 'extern@inkasso.example')]);
    assert.ok(silent);
    assert.deepEqual(recipientsOf(rule({ notifyCollector: false }), silent, users).emails, [
      'kredit@example.com',
    ]);
  });

  it('refuse a rule that tells nobody, and normalise the currency', () => {
    assert.equal(
      alertRuleInput.safeParse({ name: 'x', notifyCollector: false, params: { kind: 'promise_broken' } })
        .success,
      false,
    );
    const parsed = alertRuleInput.parse({
      name: ' x ',
      notifyCollector: true,
      params: { kind: 'invoice_overdue', currency: ' chf', minAmount: '5', minDaysLate: 0 },
    });
    assert.deepEqual(parsed.params, {
      kind: 'invoice_overdue',
      currency: 'CHF',
      minAmount: '5',
      minDaysLate: 0,
    });
    assert.equal(parsed.name, 'x');
  });

  it('list at most 50 events in an e-mail and count the rest, in the tenant’s language', () => {
    const events = alertEvents(
      rule(),
      Array.from({ length: 53 }, (_, i) => fact(String(i), null)),
    );
    const en = alertDigest(events, 'en');
    assert.equal(en.subject, '[cashloop] 53 new receivables alerts');
    assert.equal(en.text.split('\n').filter((l) => l.startsWith('- ')).length, MAX_LISTED_EVENTS);
    assert.match(en.text, /… and 3 more\./);
    const de = alertDigest(events.slice(0, 1), 'de');
    assert.equal(de.subject, '[cashloop] 1 neuer Forderungshinweis');
    assert.equal(alertDigest(events.slice(0, 2), 'pt').language, 'en');
  });
});
