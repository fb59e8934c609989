/**
 * `cashloop ar-pack --month YYYY-MM [--out FILE.pdf]`: the monthly AR pack of a closed month as PDF
 * (the same as GET /v1/reports/ar-pack), and `cashloop ar-pack send [--date DATE]`: the run of the
 * `ar-pack.monthly` job on DATE (default today) — the pack of the month before, mailed once.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderMonthlyArPack, sendMonthlyArPack } from '../../modules/communication/index.ts';
import { deliverAllDue } from '../../modules/messaging/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { toJson } from '../io.ts';
import { dateOption } from './send.ts';
import { type CommandSpec, stringOption } from './types.ts';

export const arPack: CommandSpec = {
  name: 'ar-pack',
  usage: 'cashloop ar-pack --month YYYY-MM [--out FILE.pdf] [--json]',
  options: { month: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const pack = await renderMonthlyArPack(
      runtime.deps,
      runtime.tenant.tenantId,
      stringOption(values, 'month') ?? '',
    );
    const path = resolve(stringOption(values, 'out') ?? pack.fileName);
    writeFileSync(path, pack.bytes);
    if (values.json)
      io.stdout(toJson({ month: pack.month, file: path, bytes: pack.bytes.byteLength, sha256: pack.sha256 }));
    else io.stdout(`wrote ${path} (${pack.bytes.byteLength} bytes, sha256 ${pack.sha256})\n`);
    return 0;
  },
};

export const arPackSend: CommandSpec = {
  name: 'ar-pack send',
  usage: 'cashloop ar-pack send [--date YYYY-MM-DD] [--json]',
  options: { date: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const tenantId = runtime.tenant.tenantId;
    const date = dateOption(values, 'date') ?? todayUtc(runtime.deps.clock.now());
    const run = await sendMonthlyArPack(runtime.deps, tenantId, date);
    const delivery = await deliverAllDue(runtime.deps, { tenantId });
    if (values.json) io.stdout(toJson({ ...run, delivery }));
    else
      io.stdout(
        run.skipped === 'off'
          ? `The AR pack is off (PATCH /v1/delivery/settings arPack, arPackRecipients).\n`
          : run.skipped === 'sent_before'
            ? `The AR pack of ${run.month} was mailed before; nothing queued.\n`
            : `AR pack ${run.month} queued for ${run.recipients} recipient(s); ${delivery.sent} sent, ${delivery.retrying} to retry, ${delivery.failed} failed.\n`,
      );
    return 0;
  },
};
