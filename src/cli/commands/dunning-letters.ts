/** `cashloop dunning letters print`: the print queue's planned letters as one PDF, optionally recorded as posted. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Actor } from '../../modules/activities/index.ts';
import { printLetters } from '../../modules/communication/index.ts';
import { type CliIo, toJson } from '../io.ts';
import { type CommandSpec, stringOption } from './types.ts';

/** Who records letters as posted from the command line: the CLI, with the OS user when known. */
function cliActor(io: CliIo): Actor {
  const user = io.env.USER ?? io.env.USERNAME;
  return { keyId: null, userId: null, name: user ? `cli (${user})` : 'cli' };
}

export const dunningLettersPrint: CommandSpec = {
  name: 'dunning letters print',
  usage: 'cashloop dunning letters print [--run ID] [--out FILE.pdf] [--mark-sent] [--json]',
  options: {
    run: { type: 'string' },
    out: { type: 'string' },
    'mark-sent': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: [],
  async run({ runtime, io, values }) {
    const runId = stringOption(values, 'run');
    const batch = await printLetters(
      runtime.deps,
      runtime.tenant.tenantId,
      { ...(runId !== undefined ? { runId } : {}), markSent: values['mark-sent'] === true },
      cliActor(io),
    );
    if (!batch) {
      if (values.json) io.stdout(toJson({ file: null, letters: [], markedSent: false, remaining: 0 }));
      else
        io.stdout(
          `nothing to print: no planned letters of channel letter${runId ? ` in run ${runId}` : ''}\n`,
        );
      return 0;
    }
    const path = resolve(stringOption(values, 'out') ?? batch.fileName);
    writeFileSync(path, batch.bytes);
    if (values.json) {
      const { letterIds, markedSent, remaining } = batch;
      io.stdout(
        toJson({ file: path, bytes: batch.bytes.byteLength, letters: letterIds, markedSent, remaining }),
      );
      return 0;
    }
    const recorded = batch.markedSent
      ? 'recorded as printed and posted'
      : 'not recorded as posted (--mark-sent)';
    const more = batch.remaining > 0 ? `; ${batch.remaining} more planned letter(s) to print` : '';
    io.stdout(
      `wrote ${path} (${batch.letterIds.length} letter(s), ${batch.bytes.byteLength} bytes); ${recorded}${more}\n`,
    );
    return 0;
  },
};
