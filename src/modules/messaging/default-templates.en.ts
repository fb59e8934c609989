/** Default English wording, as an accounts-receivable team would send it. */
import type { DefaultTemplateSet } from './default-templates.ts';

const greeting = '{{#if contact_name}}Dear {{contact_name}},{{else}}Dear Sir or Madam,{{/if}}';
const signature = 'Kind regards\n\n{{company_name}}\nAccounts Receivable';

const totals = `Total outstanding:  {{total_open}}
{{#if fee}}
Reminder fee:       {{fee}}
{{/if}}
{{#if interest}}
Late interest:      {{interest}}{{#if interest_rate}} ({{interest_rate}}){{/if}}
{{/if}}
Amount now due:     {{total_due}}`;

export const EN: DefaultTemplateSet = {
  invoice: {
    subject: 'Invoice {{invoice_number}} from {{company_name}}',
    body: `${greeting}

Please find attached our invoice {{invoice_number}} dated {{invoice_date}} for {{invoice_total}}{{#if po_number}} (your order {{po_number}}){{/if}}.

The amount of {{amount_due}} is due for payment by {{due_date}}.

{{payment_instructions}}
{{#if portal_url}}
View and pay online: {{portal_url}}
{{/if}}

If you have any questions about this invoice, simply reply to this email.

${signature}`,
  },
  credit_note: {
    subject: 'Credit note {{credit_note_number}} from {{company_name}}',
    body: `${greeting}

Please find attached our credit note {{credit_note_number}} dated {{credit_note_date}} for {{credit_note_total}}{{#if invoice_number}}, relating to invoice {{invoice_number}}{{/if}}.
{{#if reason}}
Reason: {{reason}}
{{/if}}

The amount has been credited to your account{{#if invoice_number}} and set against the invoice{{/if}}. There is nothing for you to pay on this document.

${signature}`,
  },
  statement: {
    subject: 'Statement of account as at {{statement_date}} – {{company_name}}',
    body: `${greeting}

Please find below your statement of account as at {{statement_date}}, listing all open items ({{invoice_count}}).

{{invoice_table}}

Total open:          {{total_open}}
{{#if total_overdue}}
Of which overdue:    {{total_overdue}}
{{/if}}
{{#if unapplied_credit}}
Unapplied payments:  {{unapplied_credit}}
Balance:             {{balance}}
{{/if}}

{{#if total_overdue}}
We would be grateful if you could settle the overdue items as soon as possible.

{{/if}}
{{payment_instructions}}
{{#if portal_url}}
View and pay online: {{portal_url}}
{{/if}}

If your records differ from ours, please let us know so that we can reconcile our accounts.

${signature}`,
  },
  'dunning-1': {
    subject: 'Friendly reminder: invoices due soon – account {{customer_number}}',
    body: `${greeting}

This is a friendly reminder that the following invoices will fall due shortly:

{{invoice_table}}

Total:  {{total_open}}

{{payment_instructions}}
{{#if portal_url}}
View and pay online: {{portal_url}}
{{/if}}

If you have already arranged payment, thank you – please disregard this message. {{#if on_paper}}If anything on these invoices is unclear, please contact us{{#if company_phone}} by phone on {{company_phone}}{{/if}}{{#if company_email}}{{#if company_phone}} or{{/if}} by email at {{company_email}}{{/if}} and we will help.{{else}}If anything on these invoices is unclear, just reply to this email and we will help.{{/if}}

${signature}`,
  },
  'dunning-2': {
    subject: 'Payment reminder: overdue invoices – account {{customer_number}}',
    body: `${greeting}

According to our records, the following invoices are now overdue:

{{invoice_table}}

${totals}

Perhaps this has simply been overlooked. We would be grateful if you could settle the amount of {{total_due}}{{#if pay_by}} by {{pay_by}}{{/if}}.

{{payment_instructions}}
{{#if portal_url}}
View and pay online: {{portal_url}}
{{/if}}

If payment has already been made, please accept our thanks and disregard this reminder. If there is a problem with any of these invoices, please let us know so that we can resolve it.

${signature}`,
  },
  'dunning-3': {
    subject: 'Second reminder: payment required – account {{customer_number}}',
    body: `${greeting}

Despite our reminder, we have not yet received payment for the following invoices:

{{invoice_table}}

${totals}

We must now ask you to pay the full amount of {{total_due}}{{#if pay_by}} by {{pay_by}} at the latest{{else}} without delay{{/if}}.

{{payment_instructions}}
{{#if portal_url}}
View and pay online: {{portal_url}}
{{/if}}

If you are unable to pay in full, please contact us immediately to agree on a payment plan. If you dispute any of these invoices, tell us the reason now so that we can look into it.

${signature}`,
  },
  'dunning-4': {
    subject: 'Final notice before collection – account {{customer_number}}',
    body: `${greeting}

We have written to you several times about the following overdue invoices without receiving payment or a reply:

{{invoice_table}}

${totals}

This is our final notice. Unless the full amount of {{total_due}} reaches us{{#if pay_by}} by {{pay_by}}{{else}} within seven days{{/if}}, we will pass the matter to a collection agency without further notice. The additional costs this causes will be charged to you.

{{payment_instructions}}
{{#if portal_url}}
View and pay online: {{portal_url}}
{{/if}}

If you have paid in the meantime, please send us the payment details so that we can match your payment.

${signature}`,
  },
  'dunning-5': {
    subject: 'Notice: your account {{customer_number}} has been passed to collections',
    body: `${greeting}

As we have received no payment despite our reminders and our final notice, we have today passed the following claims to a collection agency:

{{invoice_table}}

${totals}

The agency will contact you shortly. The costs of collection will be charged to you in addition to the amounts above.

If you pay the full amount of {{total_due}} immediately, please let us know at once so that we can stop the proceedings.

{{payment_instructions}}
{{#if portal_url}}
View and pay online: {{portal_url}}
{{/if}}

${signature}`,
  },
  promise_confirmation: {
    subject: 'Confirmation of your payment arrangement – account {{customer_number}}',
    body: `${greeting}

Thank you for your call. As agreed, we confirm your promise to pay {{promise_amount}} by {{promise_date}}{{#if invoice_table}} for the following invoices:{{else}}.{{/if}}

{{invoice_table}}

We will send no further reminders for these invoices until then. Should the payment not reach us by {{promise_date}}, the reminder process will resume without further notice.

{{payment_instructions}}
{{#if portal_url}}
View and pay online: {{portal_url}}
{{/if}}

${signature}`,
  },
};
