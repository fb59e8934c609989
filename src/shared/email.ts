/**
 * E-mail addresses, international ones included (RFC 6531/6532 local parts, IDNA domains):
 * `ap@müller-bau.de`, `jörg@example.de` and `ap@xn--mller-bau-q9a.de` are addresses; `ap@@x`,
 * `ap@`, `a b@x.de` and `ap@-x.de` are not. Addresses are kept as typed; only the SMTP envelope
 * gets the domain's A-label (`envelopeAddress`). Quoted local parts and address literals are not
 * accepted (no customer address needs them, and many servers refuse them).
 */
import { domainToASCII } from 'node:url';
import { z } from 'zod';

/** RFC 5322 atext, plus any non-ASCII character that is no control, format or space character. */
const ATOM = /^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]|[^\p{ASCII}\p{C}\p{Z}])+$/u;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function isLocalPart(local: string): boolean {
  if (local.length === 0 || Buffer.byteLength(local, 'utf8') > 64) return false;
  return local.split('.').every((atom) => ATOM.test(atom));
}

/** The domain's A-label form (`müller-bau.de` → `xn--mller-bau-q9a.de`), or null when it is none. */
export function asciiDomain(domain: string): string | null {
  if (domain.length === 0 || /[\s\p{C}]/u.test(domain)) return null;
  const ascii = domainToASCII(domain);
  if (ascii === '' || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return null;
  return /^\d+$/.test(labels[labels.length - 1] ?? '') ? null : ascii;
}

/** Splits at the only `@`; null when there is not exactly one. */
function partsOf(address: string): { local: string; domain: string } | null {
  const at = address.indexOf('@');
  if (at < 0 || at !== address.lastIndexOf('@')) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** True when `address` is a deliverable mailbox address, ASCII or international. */
export function isEmailAddress(address: string): boolean {
  const parts = partsOf(address);
  if (!parts || !isLocalPart(parts.local)) return false;
  const domain = asciiDomain(parts.domain);
  return domain !== null && parts.local.length + domain.length < 254;
}

/** The address for the SMTP envelope: the local part as is, the domain as its A-label. */
export function envelopeAddress(address: string): string {
  const parts = partsOf(address);
  const domain = parts ? asciiDomain(parts.domain) : null;
  if (!parts || domain === null) throw new Error(`not an e-mail address: ${JSON.stringify(address)}`);
  return `${parts.local}@${domain}`;
}

/** True when the address can only travel with SMTPUTF8 (RFC 6531): its local part is not ASCII. */
export function needsSmtpUtf8(address: string): boolean {
  return /[^\p{ASCII}]/u.test(partsOf(address)?.local ?? '');
}

/** The Zod schema of an e-mail address everywhere one is accepted (API, CLI, CSV, settings). */
export function emailAddress(message = 'must be an e-mail address, e.g. ap@example.com or ap@müller-bau.de') {
  return z.string().max(320).refine(isEmailAddress, message);
}
