/** Standardtexte auf Deutsch, wie sie eine Debitorenbuchhaltung verschickt. */
import type { DefaultTemplateSet } from './default-templates.ts';

const greeting =
  '{{#if contact_name}}Guten Tag {{contact_name}},{{else}}Sehr geehrte Damen und Herren,{{/if}}';
const signature = 'Mit freundlichen Grüßen\n\n{{company_name}}\nDebitorenbuchhaltung';

const totals = `Offener Betrag:     {{total_open}}
{{#if fee}}
Mahngebühr:         {{fee}}
{{/if}}
{{#if interest}}
Verzugszinsen:      {{interest}}{{#if interest_rate}} ({{interest_rate}}){{/if}}
{{/if}}
Jetzt fällig:       {{total_due}}`;

export const DE: DefaultTemplateSet = {
  invoice: {
    subject: 'Rechnung {{invoice_number}} von {{company_name}}',
    body: `${greeting}

anbei erhalten Sie unsere Rechnung {{invoice_number}} vom {{invoice_date}} über {{invoice_total}}{{#if po_number}} zu Ihrer Bestellung {{po_number}}{{/if}}.

Bitte überweisen Sie den Betrag von {{amount_due}} bis zum {{due_date}}.

{{payment_instructions}}
{{#if portal_url}}
Online ansehen und bezahlen: {{portal_url}}
{{/if}}

Bei Fragen zu dieser Rechnung antworten Sie einfach auf diese E-Mail.

${signature}`,
  },
  credit_note: {
    subject: 'Gutschrift {{credit_note_number}} von {{company_name}}',
    body: `${greeting}

anbei erhalten Sie unsere Gutschrift {{credit_note_number}} vom {{credit_note_date}} über {{credit_note_total}}{{#if invoice_number}} zur Rechnung {{invoice_number}}{{/if}}.
{{#if reason}}
Grund: {{reason}}
{{/if}}

Der Betrag wurde Ihrem Kundenkonto gutgeschrieben{{#if invoice_number}} und mit der Rechnung verrechnet{{/if}}. Zu diesem Beleg ist keine Zahlung zu leisten.

${signature}`,
  },
  statement: {
    subject: 'Kontoauszug zum {{statement_date}} – {{company_name}}',
    body: `${greeting}

anbei erhalten Sie Ihren Kontoauszug zum {{statement_date}} mit allen offenen Posten ({{invoice_count}}):

{{invoice_table}}

Summe offen:                 {{total_open}}
{{#if total_overdue}}
davon überfällig:            {{total_overdue}}
{{/if}}
{{#if unapplied_credit}}
nicht zugeordnete Zahlungen: {{unapplied_credit}}
Saldo:                       {{balance}}
{{/if}}

{{#if total_overdue}}
Wir bitten Sie, die überfälligen Posten möglichst bald auszugleichen.

{{/if}}
{{payment_instructions}}
{{#if portal_url}}
Online ansehen und bezahlen: {{portal_url}}
{{/if}}

Sollten Ihre Unterlagen von unseren abweichen, geben Sie uns bitte kurz Bescheid, damit wir die Konten abstimmen können.

${signature}`,
  },
  'dunning-1': {
    subject: 'Freundliche Erinnerung: bald fällige Rechnungen – Kundennummer {{customer_number}}',
    body: `${greeting}

wir möchten Sie freundlich daran erinnern, dass die folgenden Rechnungen in Kürze fällig werden:

{{invoice_table}}

Summe:  {{total_open}}

{{payment_instructions}}
{{#if portal_url}}
Online ansehen und bezahlen: {{portal_url}}
{{/if}}

Sollten Sie die Zahlung bereits veranlasst haben, danken wir Ihnen herzlich – diese Nachricht ist dann gegenstandslos. {{#if on_paper}}Bei Fragen zu den Rechnungen wenden Sie sich gern an uns{{#if company_phone}}, telefonisch unter {{company_phone}}{{/if}}{{#if company_email}}{{#if company_phone}} oder{{else}},{{/if}} per E-Mail an {{company_email}}{{/if}}.{{else}}Bei Fragen zu den Rechnungen antworten Sie einfach auf diese E-Mail.{{/if}}

${signature}`,
  },
  'dunning-2': {
    subject: 'Zahlungserinnerung – Kundennummer {{customer_number}}',
    body: `${greeting}

sicherlich ist es Ihrer Aufmerksamkeit entgangen, dass die folgenden Rechnungen noch offen sind:

{{invoice_table}}

${totals}

Wir bitten Sie, den Betrag von {{total_due}}{{#if pay_by}} bis zum {{pay_by}}{{/if}} zu begleichen.

{{payment_instructions}}
{{#if portal_url}}
Online ansehen und bezahlen: {{portal_url}}
{{/if}}

Sollten Sie die Zahlung bereits veranlasst haben, betrachten Sie dieses Schreiben bitte als gegenstandslos. Gibt es zu einer der Rechnungen Unklarheiten, melden Sie sich bitte bei uns, damit wir sie klären können.

${signature}`,
  },
  'dunning-3': {
    subject: 'Mahnung – Kundennummer {{customer_number}}',
    body: `${greeting}

trotz unserer Zahlungserinnerung konnten wir zu den folgenden Rechnungen bis heute keinen Zahlungseingang feststellen:

{{invoice_table}}

${totals}

Wir fordern Sie auf, den fälligen Gesamtbetrag von {{total_due}}{{#if pay_by}} spätestens bis zum {{pay_by}}{{else}} umgehend{{/if}} zu überweisen.

{{payment_instructions}}
{{#if portal_url}}
Online ansehen und bezahlen: {{portal_url}}
{{/if}}

Falls Ihnen eine vollständige Zahlung nicht möglich ist, setzen Sie sich bitte umgehend mit uns in Verbindung, um eine Ratenzahlung zu vereinbaren. Beanstanden Sie eine der Rechnungen, teilen Sie uns bitte jetzt den Grund mit.

${signature}`,
  },
  'dunning-4': {
    subject: 'Letzte Mahnung vor Übergabe an ein Inkassounternehmen – Kundennummer {{customer_number}}',
    body: `${greeting}

auf unsere bisherigen Schreiben zu den folgenden Rechnungen haben wir weder eine Zahlung noch eine Antwort erhalten:

{{invoice_table}}

${totals}

Dies ist unsere letzte Mahnung. Geht der Gesamtbetrag von {{total_due}} nicht {{#if pay_by}}bis zum {{pay_by}}{{else}}innerhalb von sieben Tagen{{/if}} bei uns ein, übergeben wir die Forderung ohne weitere Ankündigung an ein Inkassounternehmen. Die dadurch entstehenden Kosten gehen zu Ihren Lasten.

{{payment_instructions}}
{{#if portal_url}}
Online ansehen und bezahlen: {{portal_url}}
{{/if}}

Haben Sie zwischenzeitlich gezahlt, senden Sie uns bitte die Zahlungsdaten, damit wir Ihre Zahlung zuordnen können.

${signature}`,
  },
  'dunning-5': {
    subject:
      'Übergabe Ihrer offenen Forderungen an ein Inkassounternehmen – Kundennummer {{customer_number}}',
    body: `${greeting}

da trotz unserer Zahlungserinnerung, Mahnung und letzten Mahnung kein Zahlungseingang erfolgt ist, haben wir die folgenden Forderungen heute an ein Inkassounternehmen übergeben:

{{invoice_table}}

${totals}

Das Inkassounternehmen wird sich in Kürze mit Ihnen in Verbindung setzen. Die Kosten des Inkassoverfahrens gehen zusätzlich zu den oben genannten Beträgen zu Ihren Lasten.

Wenn Sie den Gesamtbetrag von {{total_due}} umgehend überweisen, teilen Sie uns dies bitte sofort mit, damit wir das Verfahren stoppen können.

{{payment_instructions}}
{{#if portal_url}}
Online ansehen und bezahlen: {{portal_url}}
{{/if}}

${signature}`,
  },
  promise_confirmation: {
    subject: 'Bestätigung Ihrer Zahlungszusage – Kundennummer {{customer_number}}',
    body: `${greeting}

vielen Dank für das freundliche Gespräch. Wie vereinbart bestätigen wir Ihre Zusage, {{promise_amount}} bis zum {{promise_date}} zu zahlen{{#if invoice_table}}, und zwar für die folgenden Rechnungen:{{else}}.{{/if}}

{{invoice_table}}

Bis zu diesem Datum versenden wir zu diesen Rechnungen keine weiteren Mahnungen. Sollte die Zahlung nicht bis zum {{promise_date}} bei uns eingehen, wird das Mahnverfahren ohne weitere Ankündigung fortgesetzt.

{{payment_instructions}}
{{#if portal_url}}
Online ansehen und bezahlen: {{portal_url}}
{{/if}}

${signature}`,
  },
};
