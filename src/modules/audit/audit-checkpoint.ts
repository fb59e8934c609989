/**
 * Signed checkpoints of a tenant's chain head, for safekeeping outside the database: the head's
 * number and hash, signed with Ed25519 or HMAC-SHA256 under a key the configuration supplies
 * (`CASHLOOP_AUDIT_SIGNING_KEY`, read in config.ts). Whoever can rewrite the database cannot forge
 * a checkpoint without the key, so a kept checkpoint proves that the chain up to its head is the
 * one that existed when it was signed.
 */
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './audit-chain.ts';

export type AuditSigningKey =
  | { readonly kind: 'ed25519'; readonly privateKey: KeyObject }
  | { readonly kind: 'hmac'; readonly secret: Buffer };

export const CHECKPOINT_FORMAT = 'cashloop-audit-checkpoint/1';

export const checkpointSchema = z
  .object({
    format: z.literal(CHECKPOINT_FORMAT),
    tenantId: z.uuid(),
    seq: z.string().regex(/^\d{1,18}$/),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: z.string().min(1),
    algorithm: z.enum(['ed25519', 'hmac-sha256']),
    signature: z.string().min(1),
  })
  .strict();
export type AuditCheckpoint = z.infer<typeof checkpointSchema>;

function algorithmOf(key: AuditSigningKey): AuditCheckpoint['algorithm'] {
  return key.kind === 'ed25519' ? 'ed25519' : 'hmac-sha256';
}

function signedBytes(c: Omit<AuditCheckpoint, 'signature'>): Buffer {
  const { format, tenantId, seq, hash, createdAt, algorithm } = c;
  return Buffer.from(canonicalJson({ format, tenantId, seq, hash, createdAt, algorithm }), 'utf8');
}

/** A checkpoint of head (`seq`, `hash`) of tenant `tenantId`, signed with `key`. */
export function signCheckpoint(
  key: AuditSigningKey,
  head: { tenantId: string; seq: bigint; hash: string; at: Date },
): AuditCheckpoint {
  const body = {
    format: CHECKPOINT_FORMAT,
    tenantId: head.tenantId,
    seq: head.seq.toString(),
    hash: head.hash,
    createdAt: head.at.toISOString(),
    algorithm: algorithmOf(key),
  } as const;
  const bytes = signedBytes(body);
  const signature =
    key.kind === 'ed25519'
      ? sign(null, bytes, key.privateKey).toString('base64')
      : createHmac('sha256', key.secret).update(bytes).digest('base64');
  return { ...body, signature };
}

/** True when `checkpoint` was signed with `key` and not changed since. */
export function checkpointSignatureValid(key: AuditSigningKey, checkpoint: AuditCheckpoint): boolean {
  if (checkpoint.algorithm !== algorithmOf(key)) return false;
  const bytes = signedBytes(checkpoint);
  const signature = Buffer.from(checkpoint.signature, 'base64');
  if (key.kind === 'ed25519') return verify(null, bytes, createPublicKey(key.privateKey), signature);
  const expected = createHmac('sha256', key.secret).update(bytes).digest();
  return expected.length === signature.length && timingSafeEqual(expected, signature);
}

/**
 * The signing key from its configuration text: `ed25519:<base64 of a PKCS#8 DER private key>`
 * (e.g. from `openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`) or
 * `hmac:<secret of at least 32 characters>`. Throws a one-line message naming what is wrong.
 */
export function parseAuditSigningKey(text: string): AuditSigningKey {
  const colon = text.indexOf(':');
  const [scheme, value] = colon < 0 ? ['', ''] : [text.slice(0, colon), text.slice(colon + 1).trim()];
  if (scheme === 'hmac') {
    if (value.length < 32) throw new Error('an hmac: key needs a secret of at least 32 characters');
    return { kind: 'hmac', secret: Buffer.from(value, 'utf8') };
  }
  if (scheme === 'ed25519') {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'pkcs8' });
    } catch {
      throw new Error('an ed25519: key must be a base64 PKCS#8 DER private key');
    }
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the ed25519: key is not an Ed25519 key');
    return { kind: 'ed25519', privateKey };
  }
  throw new Error('must start with ed25519: or hmac:');
}
