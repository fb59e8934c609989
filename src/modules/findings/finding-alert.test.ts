import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertMessage } from './finding-alert.ts';
import type { Finding, FindingKind } from './findings.types.ts';

const finding = (kind: FindingKind, title: string): Finding => ({
  findingId: '0190a0b0-0000-7000-8000-0000000000aa',
  kind,
  severity: 'high',
  title,
  evidence: { records: [], facts: {} },
  status: 'open',
  occurredAt: new Date('2026-11-30T08:00:00Z'),
  createdAt: new Date('2026-11-30T08:05:00Z'),
  decision: null,
});

describe('the admins’ e-mail of a finding', () => {
  it('calls a monitoring finding a security alert and an anomaly an anomaly in the books, in each language', () => {
    const signIns = finding('repeated_failed_sign_ins', '5 failed sign-ins for zoë@example.com');
    const duplicate = finding('duplicate_invoice', 'RE-7 and RE-0007 of Müller GmbH look alike');
    assert.match(alertMessage(signIns, 'en').subject, /^\[cashloop\] Security alert \(high\): 5 failed/);
    assert.match(alertMessage(duplicate, 'en').subject, /^\[cashloop\] Anomaly in the books \(high\): RE-7/);
    assert.match(alertMessage(duplicate, 'en').text, /^The anomaly detection of cashloop found/);
    assert.match(
      alertMessage(duplicate, 'de').subject,
      /^\[cashloop\] Auffälligkeit in den Büchern \(hoch\)/,
    );
    assert.match(alertMessage(signIns, 'fr').subject, /^\[cashloop\] Alerte de sécurité \(élevée\)/);
    assert.match(alertMessage(duplicate, 'fr').subject, /^\[cashloop\] Anomalie dans les comptes \(élevée\)/);
  });
});
