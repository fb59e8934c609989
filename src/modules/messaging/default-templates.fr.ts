/** Textes par défaut en français, tels qu'un service de comptabilité clients les enverrait. */
import type { DefaultTemplateSet } from './default-templates.ts';

const greeting = '{{#if contact_name}}Bonjour {{contact_name}},{{else}}Madame, Monsieur,{{/if}}';
const signature = 'Cordialement,\n\n{{company_name}}\nService comptabilité clients';
const formalSignature =
  "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.\n\n{{company_name}}\nService comptabilité clients";

const totals = `Montant restant dû :      {{total_open}}
{{#if fee}}
Frais de relance :        {{fee}}
{{/if}}
{{#if interest}}
Intérêts de retard :      {{interest}}{{#if interest_rate}} ({{interest_rate}}){{/if}}
{{/if}}
Montant à régler :        {{total_due}}`;

export const FR: DefaultTemplateSet = {
  invoice: {
    subject: 'Facture {{invoice_number}} – {{company_name}}',
    body: `${greeting}

Veuillez trouver ci-joint notre facture {{invoice_number}} du {{invoice_date}} d'un montant de {{invoice_total}}{{#if po_number}} (votre commande {{po_number}}){{/if}}.

Nous vous remercions de bien vouloir régler la somme de {{amount_due}} au plus tard le {{due_date}}.

{{payment_instructions}}
{{#if portal_url}}
Consulter et payer en ligne: {{portal_url}}
{{/if}}

Pour toute question concernant cette facture, il vous suffit de répondre à cet e-mail.

${signature}`,
  },
  credit_note: {
    subject: 'Avoir {{credit_note_number}} – {{company_name}}',
    body: `${greeting}

Veuillez trouver ci-joint notre avoir {{credit_note_number}} du {{credit_note_date}} d'un montant de {{credit_note_total}}{{#if invoice_number}}, relatif à la facture {{invoice_number}}{{/if}}.
{{#if reason}}
Motif : {{reason}}
{{/if}}

Ce montant a été porté au crédit de votre compte{{#if invoice_number}} et imputé sur la facture concernée{{/if}}. Aucun règlement n'est à effectuer pour ce document.

${signature}`,
  },
  statement: {
    subject: 'Relevé de compte au {{statement_date}} – {{company_name}}',
    body: `${greeting}

Veuillez trouver ci-dessous votre relevé de compte au {{statement_date}}, qui reprend l'ensemble des pièces ouvertes ({{invoice_count}}) :

{{invoice_table}}

Total ouvert :              {{total_open}}
{{#if total_overdue}}
Dont échu :                 {{total_overdue}}
{{/if}}
{{#if unapplied_credit}}
Paiements non imputés :     {{unapplied_credit}}
Solde :                     {{balance}}
{{/if}}

{{#if total_overdue}}
Nous vous remercions de bien vouloir régler les pièces échues dans les meilleurs délais.

{{/if}}
{{payment_instructions}}
{{#if portal_url}}
Consulter et payer en ligne: {{portal_url}}
{{/if}}

Si vos écritures diffèrent des nôtres, merci de nous le signaler afin que nous puissions rapprocher nos comptes.

${signature}`,
  },
  'dunning-1': {
    subject: 'Rappel amical : factures arrivant à échéance – compte {{customer_number}}',
    body: `${greeting}

Nous nous permettons de vous rappeler que les factures suivantes arriveront prochainement à échéance :

{{invoice_table}}

Total :  {{total_open}}

{{payment_instructions}}
{{#if portal_url}}
Consulter et payer en ligne: {{portal_url}}
{{/if}}

Si vous avez déjà procédé au règlement, nous vous en remercions et vous prions de ne pas tenir compte de ce message. {{#if on_paper}}Pour toute question, n'hésitez pas à nous contacter{{#if company_phone}} par téléphone au {{company_phone}}{{/if}}{{#if company_email}}{{#if company_phone}} ou{{/if}} par e-mail à {{company_email}}{{/if}}.{{else}}Pour toute question, il vous suffit de répondre à cet e-mail.{{/if}}

${signature}`,
  },
  'dunning-2': {
    subject: 'Relance : factures échues – compte {{customer_number}}',
    body: `${greeting}

Sauf erreur ou omission de notre part, les factures suivantes restent impayées à ce jour :

{{invoice_table}}

${totals}

Il s'agit sans doute d'un simple oubli. Nous vous remercions de bien vouloir régler la somme de {{total_due}}{{#if pay_by}} avant le {{pay_by}}{{/if}}.

{{payment_instructions}}
{{#if portal_url}}
Consulter et payer en ligne: {{portal_url}}
{{/if}}

Si votre paiement a été effectué entre-temps, veuillez ne pas tenir compte de cette relance. En cas de désaccord sur l'une de ces factures, merci de nous contacter afin que nous puissions le résoudre.

${signature}`,
  },
  'dunning-3': {
    subject: 'Deuxième relance : règlement attendu – compte {{customer_number}}',
    body: `${greeting}

Malgré notre précédente relance, nous constatons que les factures suivantes demeurent impayées :

{{invoice_table}}

${totals}

Nous vous demandons de régler la totalité de la somme de {{total_due}}{{#if pay_by}} au plus tard le {{pay_by}}{{else}} sans délai{{/if}}.

{{payment_instructions}}
{{#if portal_url}}
Consulter et payer en ligne: {{portal_url}}
{{/if}}

Si vous n'êtes pas en mesure de payer la totalité, contactez-nous immédiatement afin de convenir d'un échéancier. Si vous contestez l'une de ces factures, indiquez-nous dès maintenant le motif.

${signature}`,
  },
  'dunning-4': {
    subject: 'Mise en demeure de payer – compte {{customer_number}}',
    body: `${greeting}

Nos précédents courriers concernant les factures suivantes sont restés sans paiement ni réponse :

{{invoice_table}}

${totals}

Par la présente, nous vous mettons en demeure de régler la somme de {{total_due}}{{#if pay_by}} au plus tard le {{pay_by}}{{else}} sous huit jours{{/if}}. À défaut, nous transmettrons ce dossier à une société de recouvrement, sans autre avis, et les frais qui en découleront seront à votre charge.

{{payment_instructions}}
{{#if portal_url}}
Consulter et payer en ligne: {{portal_url}}
{{/if}}

Si vous avez réglé entre-temps, merci de nous communiquer les références de votre paiement afin que nous puissions l'imputer.

${formalSignature}`,
  },
  'dunning-5': {
    subject: 'Transmission de votre dossier au recouvrement – compte {{customer_number}}',
    body: `${greeting}

Faute de règlement malgré nos relances et notre mise en demeure, nous avons transmis ce jour les créances suivantes à une société de recouvrement :

{{invoice_table}}

${totals}

Cette société prendra contact avec vous prochainement. Les frais de recouvrement seront à votre charge, en plus des montants ci-dessus.

Si vous procédez immédiatement au règlement de la somme de {{total_due}}, merci de nous en informer sans délai afin que nous puissions interrompre la procédure.

{{payment_instructions}}
{{#if portal_url}}
Consulter et payer en ligne: {{portal_url}}
{{/if}}

${formalSignature}`,
  },
  promise_confirmation: {
    subject: 'Confirmation de votre engagement de paiement – compte {{customer_number}}',
    body: `${greeting}

Nous vous remercions de votre appel. Comme convenu, nous confirmons votre engagement de régler {{promise_amount}} au plus tard le {{promise_date}}{{#if invoice_table}}, pour les factures suivantes :{{else}}.{{/if}}

{{invoice_table}}

Nous suspendons nos relances pour ces factures jusqu'à cette date. Si le paiement ne nous parvient pas le {{promise_date}} au plus tard, la procédure de relance reprendra sans autre avis.

{{payment_instructions}}
{{#if portal_url}}
Consulter et payer en ligne: {{portal_url}}
{{/if}}

${signature}`,
  },
};
