/** `cashloop audit verify` and `cashloop audit checkpoint`: check the audit trail, sign its head. */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  type AuditCheckpoint,
  type AuditSigningKey,
  type AuditVerification,
  checkpointAuditTrail,
  checkpointSchema,
  verifyAuditTrail,
} from '../../modules/audit/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { EXIT_FAILED } from '../exit-codes.ts';
import { toJson } from '../io.ts';
import { type CommandSpec, stringOption } from './types.ts';

function signingKeyOrThrow(key: AuditSigningKey | null): AuditSigningKey {
  if (!key)
    throw validationFailed(
      'no signing key: set CASHLOOP_AUDIT_SIGNING_KEY (ed25519:<base64 PKCS#8 DER> or hmac:<secret>)',
    );
  return key;
}

function readCheckpoint(path: string): AuditCheckpoint {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw validationFailed(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw validationFailed(`${path} is not JSON: not an audit checkpoint`);
  }
  const parsed = checkpointSchema.safeParse(value);
  if (!parsed.success) throw validationFailed(`${path} is not an audit checkpoint of this format`);
  return parsed.data;
}

function verdictLines(v: AuditVerification): string[] {
  const lines = v.firstBreak
    ? [
        `BROKEN at record ${v.firstBreak.seq}${v.firstBreak.recordId ? ` (${v.firstBreak.recordId})` : ''}: ${v.firstBreak.message}`,
        `${v.checked} records before it verify.`,
      ]
    : [`${v.checked} records verify; head ${v.head.seq} ${v.head.hash}.`];
  if (v.checkpoint) lines.push(`checkpoint: ${v.checkpoint.ok ? 'OK' : 'FAILED'}: ${v.checkpoint.message}`);
  return lines;
}

export const auditVerify: CommandSpec = {
  name: 'audit verify',
  usage: 'cashloop audit verify [--checkpoint FILE] [--json]',
  options: { checkpoint: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const path = stringOption(values, 'checkpoint');
    const checkpoint = path
      ? { value: readCheckpoint(path), key: signingKeyOrThrow(runtime.config.auditSigningKey) }
      : undefined;
    const v = await verifyAuditTrail(runtime.deps.db, runtime.tenant.tenantId, checkpoint);
    if (values.json) io.stdout(toJson(v));
    else io.stdout(`${verdictLines(v).join('\n')}\n`);
    return v.ok ? 0 : EXIT_FAILED;
  },
};

export const auditCheckpoint: CommandSpec = {
  name: 'audit checkpoint',
  usage: 'cashloop audit checkpoint --out FILE [--json]',
  options: { out: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const out = stringOption(values, 'out');
    if (!out) throw validationFailed('--out FILE is required: where to write the signed checkpoint');
    const key = signingKeyOrThrow(runtime.config.auditSigningKey);
    const v = await verifyAuditTrail(runtime.deps.db, runtime.tenant.tenantId);
    if (!v.ok) {
      io.stderr(`${verdictLines(v).join('\n')}\nno checkpoint written: the chain does not verify\n`);
      return EXIT_FAILED;
    }
    const checkpoint = await checkpointAuditTrail(
      runtime.deps.db,
      runtime.tenant.tenantId,
      key,
      runtime.deps.clock.now(),
    );
    writeFileSync(out, `${JSON.stringify(checkpoint, null, 2)}\n`);
    if (values.json) io.stdout(toJson({ out, ...checkpoint }));
    else io.stdout(`checkpoint of record ${checkpoint.seq} (${checkpoint.hash}) written to ${out}\n`);
    return 0;
  },
};
