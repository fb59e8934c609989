import { asciiDomain } from '../../shared/email.ts';

/**
 * The form under which an e-mail is unique and found at sign-in: the local part in lower case, the
 * domain as its lower-case A-label, so `Ana@Müller-Bau.de` and `ana@xn--mller-bau-q9a.de` are one.
 */
export function emailKey(email: string): string {
  const trimmed = email.trim().normalize('NFC');
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed.toLowerCase();
  const domain = trimmed.slice(at + 1);
  return `${trimmed.slice(0, at).toLowerCase()}@${asciiDomain(domain) ?? domain.toLowerCase()}`;
}
