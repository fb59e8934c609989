/**
 * The Overview page's words added with GET /v1/reports/overview, English and German, spread into
 * the catalogue in messages.ts (the older `overview.*` keys live there); `de` must have every key of `en`.
 */
export const overviewEn = {
  'overview.percentCurrent': '% current',
  'overview.dsoHint': 'days of sales outstanding',
  'overview.dsoExplained':
    'DSO at each month end: open invoices ÷ credit sales of the 90 days before × 90. Empty where there were no sales.',
  'overview.dsoAt': '{date}: {ar} open, {sales} sold in 90 days',
  'overview.work.promisesBroken': 'Promises broken',
  'settings.failedMessages.title': 'Failed messages',
  'settings.failedMessages.hint':
    'Messages given up after their last attempt, newest first (at most 50). Retry once the cause is fixed.',
  'settings.failedMessages.none': 'No message failed.',
  'settings.failedMessages.to': 'To',
  'settings.failedMessages.subject': 'Subject',
  'settings.failedMessages.error': 'Last error',
  'settings.failedMessages.retry': 'Retry',
  'settings.section.matching': 'Matching thresholds',
  'settings.matching.hint':
    'When the cash application books a bank line by itself, and when a person decides. Runs from now on use them; lines decided already keep their decision.',
  'settings.matching.autoApplyThreshold': 'Apply automatically from confidence',
  'settings.matching.autoApplyThreshold.help':
    'A proposal at or above this confidence (0.5–1) is applied without a person. Higher: fewer automatic postings, more review; 1 sends every line to review. Default {default}.',
  'settings.matching.autoApplyMargin': 'Lead over the next proposal',
  'settings.matching.autoApplyMargin.help':
    'The best proposal must be at least this much more confident than the runner-up (0–0.5), else a person chooses. Default {default}.',
  'settings.matching.customerMargin': 'Lead over another customer',
  'settings.matching.customerMargin.help':
    'When another customer is also plausible, the best proposal must lead it by this much (0–0.5): cash on the wrong customer is the worst outcome. Default {default}.',
  'settings.matching.maxSuggestions': 'Suggestions shown',
  'settings.matching.maxSuggestions.help':
    'How many proposals a person sees on a line not applied (1–10). Default {default}.',
  'settings.matching.bankCharges': 'Bank-charge tolerance',
  'settings.matching.bankCharges.help':
    'How much less than the invoices a payment may be and still settle them, the difference booked as bank charges. Set per currency; others keep the default (EUR {eur}).',
  'settings.matching.bankCharges.none': 'Defaults for every currency',
  'settings.matching.currency': 'Currency',
  'settings.matching.amount': 'Tolerance',
  'settings.matching.remove': 'Remove',
  'settings.matching.addCurrency': 'Add a currency',
} as const;

export const overviewDe: Record<keyof typeof overviewEn, string> = {
  'overview.percentCurrent': '% nicht fällig',
  'overview.dsoHint': 'Forderungslaufzeit in Tagen',
  'overview.dsoExplained':
    'DSO je Monatsende: offene Rechnungen ÷ Umsatz auf Ziel der 90 Tage davor × 90. Leer, wo es keinen Umsatz gab.',
  'overview.dsoAt': '{date}: {ar} offen, {sales} Umsatz in 90 Tagen',
  'overview.work.promisesBroken': 'Gebrochene Zahlungszusagen',
  'settings.failedMessages.title': 'Fehlgeschlagene Nachrichten',
  'settings.failedMessages.hint':
    'Nachrichten, die nach dem letzten Versuch aufgegeben wurden, neueste zuerst (höchstens 50). Erneut senden, sobald die Ursache behoben ist.',
  'settings.failedMessages.none': 'Keine Nachricht ist fehlgeschlagen.',
  'settings.failedMessages.to': 'An',
  'settings.failedMessages.subject': 'Betreff',
  'settings.failedMessages.error': 'Letzter Fehler',
  'settings.failedMessages.retry': 'Erneut senden',
  'settings.section.matching': 'Zuordnungsschwellen',
  'settings.matching.hint':
    'Wann die Zahlungszuordnung einen Bankumsatz selbst bucht und wann ein Mensch entscheidet. Gilt für künftige Läufe; bereits entschiedene Umsätze bleiben, wie sie sind.',
  'settings.matching.autoApplyThreshold': 'Automatisch buchen ab Konfidenz',
  'settings.matching.autoApplyThreshold.help':
    'Ein Vorschlag mit mindestens dieser Konfidenz (0,5–1) wird ohne Prüfung gebucht. Höher: weniger automatische Buchungen, mehr Prüfung; 1 legt jeden Umsatz zur Prüfung vor. Standard {default}.',
  'settings.matching.autoApplyMargin': 'Vorsprung vor dem nächsten Vorschlag',
  'settings.matching.autoApplyMargin.help':
    'Der beste Vorschlag muss um mindestens so viel sicherer sein als der zweitbeste (0–0,5), sonst wählt ein Mensch. Standard {default}.',
  'settings.matching.customerMargin': 'Vorsprung vor einem anderen Kunden',
  'settings.matching.customerMargin.help':
    'Kommt auch ein anderer Kunde in Frage, muss der beste Vorschlag um so viel führen (0–0,5): Geld beim falschen Kunden ist das schlechteste Ergebnis. Standard {default}.',
  'settings.matching.maxSuggestions': 'Angezeigte Vorschläge',
  'settings.matching.maxSuggestions.help':
    'Wie viele Vorschläge ein Mensch bei einem nicht gebuchten Umsatz sieht (1–10). Standard {default}.',
  'settings.matching.bankCharges': 'Toleranz für Bankgebühren',
  'settings.matching.bankCharges.help':
    'Um wie viel eine Zahlung unter den Rechnungen liegen darf und sie trotzdem ausgleicht; die Differenz wird als Bankgebühr gebucht. Je Währung einstellbar; die übrigen behalten den Standard (EUR {eur}).',
  'settings.matching.bankCharges.none': 'Standard für alle Währungen',
  'settings.matching.currency': 'Währung',
  'settings.matching.amount': 'Toleranz',
  'settings.matching.remove': 'Entfernen',
  'settings.matching.addCurrency': 'Währung hinzufügen',
};
