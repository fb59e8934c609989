/**
 * The e-mail a new medium or high finding sends the tenant's admins (a system message, see
 * messaging's `queueSystemMessage`), in the tenant's default language: English, German or French
 * (any other language: English). It names the finding and where to review it, not the evidence
 * itself — bank details and addresses stay behind the admin-only API. A monitoring finding (who
 * did what, from where) is a security alert; an anomaly (a duplicate invoice, a Benford deviation)
 * is a finding of the books, and says so.
 */
import { ANOMALY_KINDS, type Finding } from './findings.types.ts';

type Family = 'security' | 'anomaly';

interface Wording {
  readonly subject: Record<Family, (severity: string, title: string) => string>;
  readonly intro: Record<Family, string>;
  readonly severity: Record<string, string>;
  readonly labels: { kind: string; when: string; id: string };
  readonly review: (id: string) => string;
}

const WORDING: Record<'en' | 'de' | 'fr', Wording> = {
  en: {
    subject: {
      security: (s, t) => `[cashloop] Security alert (${s}): ${t}`,
      anomaly: (s, t) => `[cashloop] Anomaly in the books (${s}): ${t}`,
    },
    intro: {
      security: 'The monitoring of cashloop found something that needs a look:',
      anomaly: 'The anomaly detection of cashloop found something in the books that needs a look:',
    },
    severity: { low: 'low', medium: 'medium', high: 'high' },
    labels: { kind: 'Kind', when: 'When', id: 'Finding' },
    review: (id) =>
      `Review the evidence and confirm or dismiss it: cashloop findings show ${id}\n(or GET /v1/findings/${id}).`,
  },
  de: {
    subject: {
      security: (s, t) => `[cashloop] Sicherheitshinweis (${s}): ${t}`,
      anomaly: (s, t) => `[cashloop] Auffälligkeit in den Büchern (${s}): ${t}`,
    },
    intro: {
      security: 'Die Überwachung von cashloop hat etwas gefunden, das geprüft werden sollte:',
      anomaly:
        'Die Anomalieerkennung von cashloop hat in den Büchern etwas gefunden, das geprüft werden sollte:',
    },
    severity: { low: 'niedrig', medium: 'mittel', high: 'hoch' },
    labels: { kind: 'Art', when: 'Zeitpunkt', id: 'Befund' },
    review: (id) =>
      `Bitte prüfen Sie die Belege und bestätigen oder verwerfen Sie den Befund: cashloop findings show ${id}\n(oder GET /v1/findings/${id}).`,
  },
  fr: {
    subject: {
      security: (s, t) => `[cashloop] Alerte de sécurité (${s}) : ${t}`,
      anomaly: (s, t) => `[cashloop] Anomalie dans les comptes (${s}) : ${t}`,
    },
    intro: {
      security: 'La surveillance de cashloop a relevé un point à examiner :',
      anomaly: 'La détection d’anomalies de cashloop a relevé dans les comptes un point à examiner :',
    },
    severity: { low: 'faible', medium: 'moyenne', high: 'élevée' },
    labels: { kind: 'Type', when: 'Date', id: 'Constat' },
    review: (id) =>
      `Examinez les preuves, puis confirmez ou écartez le constat : cashloop findings show ${id}\n(ou GET /v1/findings/${id}).`,
  },
};

/** Subject and plain text of the alert for `finding` in `language` (`de`, `fr`, else English). */
export function alertMessage(
  finding: Finding,
  language: string,
): { subject: string; text: string; language: string } {
  const lang = language === 'de' || language === 'fr' ? language : 'en';
  const w = WORDING[lang];
  const family: Family = (ANOMALY_KINDS as readonly string[]).includes(finding.kind) ? 'anomaly' : 'security';
  const severity = w.severity[finding.severity] ?? finding.severity;
  const text = [
    w.intro[family],
    '',
    `  ${finding.title}`,
    '',
    `${w.labels.kind}: ${finding.kind}`,
    `${w.labels.when}: ${finding.occurredAt.toISOString()}`,
    `${w.labels.id}: ${finding.findingId}`,
    '',
    w.review(finding.findingId),
    '',
  ].join('\n');
  return { subject: w.subject[family](severity, finding.title).slice(0, 250), text, language: lang };
}
