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
};
