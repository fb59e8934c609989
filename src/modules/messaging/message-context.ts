/**
 * Which template a customer's message takes and who it is rendered for — shared by the outbox
 * (emails) and by printed documents (dunning letters on paper), so a letter reads the same
 * whichever way it goes out. Pure: the caller loads the settings, overrides and customer.
 */
import type { CustomerRow } from '../customers/index.ts';
import type { PaymentInstructions, RenderContext } from './message-variables.ts';
import type { MessagingSettings } from './settings.service.ts';
import { FALLBACK_LANGUAGE, primaryLanguage, type TemplateRef } from './template-catalog.ts';
import { type EffectiveTemplate, effectiveTemplate, type Overrides } from './templates.service.ts';

/**
 * The template of `ref` in the first language that has one: `forced` (a caller's choice), the
 * customer's, the tenant's, then English. Throws only if English has none (a bug: defaults ship).
 */
export function chooseTemplate(
  settings: MessagingSettings,
  overrides: Overrides,
  ref: TemplateRef,
  customer: Pick<CustomerRow, 'language'>,
  forced: string | null = null,
): EffectiveTemplate {
  const candidates = [forced, primaryLanguage(customer.language), settings.defaultLanguage];
  for (const language of [...candidates, FALLBACK_LANGUAGE]) {
    if (!language) continue;
    const template = effectiveTemplate(overrides, ref, language);
    if (template) return template;
  }
  throw new Error(`no ${FALLBACK_LANGUAGE} template for ${ref.kind}`);
}

/** The reader of a message to `customer` in `language`, amounts and dates shown in `locale`. */
export function renderContextOf(
  settings: MessagingSettings,
  customer: Pick<CustomerRow, 'name' | 'externalId' | 'contacts' | 'currency'>,
  language: string,
  locale: string,
  payment: { readonly [K in keyof PaymentInstructions]?: PaymentInstructions[K] | undefined } = {},
): RenderContext {
  return {
    language,
    locale,
    companyName: settings.companyName,
    customerName: customer.name,
    customerNumber: customer.externalId,
    contactName: customer.contacts.find((c) => c.name)?.name ?? null,
    onPaper: false,
    companyPhone: settings.tenant.phone,
    companyEmail: settings.replyTo ?? settings.tenant.email ?? settings.fromAddress,
    currency: customer.currency,
    payment: {
      iban: payment.iban ?? settings.tenant.iban,
      bic: payment.bic ?? null,
      accountHolder: payment.accountHolder ?? settings.companyName,
      reference: payment.reference ?? null,
    },
  };
}
