/**
 * Portal link tokens: `<link id>.<expiry>.<signature>`, all base64url-safe. The link id is the
 * link row's UUID as 16 bytes in base64url, the expiry the Unix second it ends, and the signature
 * HMAC-SHA256 under the tenant's portal signing key over `portal-link.v1.<tenant>.<id>.<expiry>`
 * (the tenant id in the signed text keeps a token of one tenant from verifying under another's
 * key). Pure: no I/O; the service checks the row after the signature.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a token claims before its signature is checked. */
export interface LinkClaim {
  readonly linkId: string;
  readonly expiresAtSeconds: number;
  readonly signature: Buffer;
  /** The `<id>.<expiry>` part the signature covers. */
  readonly signedPart: string;
}

const UUID_HEX = /^[0-9a-f]{32}$/;

/** A new signing key: 32 random bytes, base64url. */
export function newSigningKey(): string {
  return randomBytes(32).toString('base64url');
}

function uuidToPart(uuid: string): string {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex').toString('base64url');
}

function partToUuid(part: string): string | null {
  if (!/^[A-Za-z0-9_-]{22}$/.test(part)) return null;
  const hex = Buffer.from(part, 'base64url').toString('hex');
  if (!UUID_HEX.test(hex)) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function mac(key: string, tenantId: string, signedPart: string): Buffer {
  return createHmac('sha256', Buffer.from(key, 'base64url'))
    .update(`portal-link.v1.${tenantId}.${signedPart}`)
    .digest();
}

/**
 * The token of link `linkId` of `tenantId`, valid until `expiresAt` (whole seconds).
 * Example: `signLinkToken(key, tenant, id, new Date('2027-01-01'))` → `"q2x…Q.1798761600.Zk3…"`.
 */
export function signLinkToken(key: string, tenantId: string, linkId: string, expiresAt: Date): string {
  const signedPart = `${uuidToPart(linkId)}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${signedPart}.${mac(key, tenantId, signedPart).toString('base64url')}`;
}

/** The claim of a well-formed token, or null (nothing is trusted yet). */
export function parseLinkToken(token: string): LinkClaim | null {
  if (token.length > 200) return null;
  const [idPart, expiryPart, sigPart, ...rest] = token.split('.');
  if (!idPart || !expiryPart || !sigPart || rest.length > 0) return null;
  const linkId = partToUuid(idPart);
  if (!linkId || !/^\d{1,12}$/.test(expiryPart) || !/^[A-Za-z0-9_-]{43}$/.test(sigPart)) return null;
  return {
    linkId,
    expiresAtSeconds: Number(expiryPart),
    signature: Buffer.from(sigPart, 'base64url'),
    signedPart: `${idPart}.${expiryPart}`,
  };
}

/** True when the claim's signature is the tenant key's, compared in constant time. */
export function signatureMatches(key: string, tenantId: string, claim: LinkClaim): boolean {
  const expected = mac(key, tenantId, claim.signedPart);
  return expected.length === claim.signature.length && timingSafeEqual(expected, claim.signature);
}
