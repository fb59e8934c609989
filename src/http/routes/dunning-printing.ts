/**
 * Dunning letters on paper: a letter's PDF (any channel; stored once, the same bytes after), a
 * planned letter of channel `letter` recorded as printed and posted, and a print batch — one PDF
 * of planned letters, each followed by its customer's statement, optionally recorded as posted.
 */
import type { FastifyReply } from 'fastify';
import {
  getDunningLetterPdf,
  type PrintBatch,
  printLetters,
  printLettersInput,
  recordLetterPrinted,
} from '../../modules/communication/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { letterDetailJson } from '../../modules/dunning/index.ts';
import { invalidState } from '../../shared/errors.ts';
import { assertMayAccess, principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import { binaryResponses, pdfResponse, sendDocument } from './documents.schemas.ts';
import { letterDetailSchema } from './dunning-schemas.ts';
import { actorOf } from './shared-views.ts';

const tags = ['dunning'];

/** The batch's bytes, with what it holds in headers. */
function sendBatch(reply: FastifyReply, batch: PrintBatch) {
  return reply
    .type('application/pdf')
    .headers({
      'content-disposition': `inline; filename="${batch.fileName}"`,
      'x-letter-count': String(batch.letterIds.length),
      'x-letter-ids': batch.letterIds.join(','),
      'x-letters-marked-sent': String(batch.markedSent),
      'x-letters-remaining': String(batch.remaining),
    })
    .send(Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength));
}

/** The PDF, printed and print-batch routes of /v1/dunning/letters. */
export function letterPrintingRoutes(app: Api, deps: CoreDeps): void {
  getDunningLetterPdfRoute(app, deps);
  recordDunningLetterPrintedRoute(app, deps);
  printDunningLettersRoute(app, deps);
}

function getDunningLetterPdfRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/letters/:id/pdf', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getDunningLetterPdf',
      summary: 'The PDF of a dunning letter (rendered once, then always the same bytes)',
      description:
        'Any channel. Letterhead of the run, the customer’s address, the level’s wording in the customer’s language, its invoices with interest and period, fee, interest, total due and how to pay. ETag / X-Document-SHA256 as for invoice PDFs.',
      params: idParam('letter id'),
      response: binaryResponses,
    },
    handler: async (req, reply) =>
      sendDocument(req, reply, await getDunningLetterPdf(deps, principalOf(req).tenantId, req.params.id)),
  });
}

function recordDunningLetterPrintedRoute(app: Api, deps: CoreDeps): void {
  app.post('/dunning/letters/:id/printed', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'recordDunningLetterPrinted',
      summary: 'Record that a planned letter of channel letter was printed and posted',
      description:
        'planned → sent, with the time and the API key that recorded it, and `dunning_letter_sent` in the customer’s activity log. 409 invalid_state for a letter of another channel or one that is not planned (printed already).',
      headers: idempotencyHeaders,
      params: idParam('letter id'),
      response: { 200: letterDetailSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) => {
        const principal = principalOf(req);
        return letterDetailJson(
          await recordLetterPrinted(d, principal.tenantId, req.params.id, actorOf(principal)),
        );
      }),
  });
}

function printDunningLettersRoute(app: Api, deps: CoreDeps): void {
  app.post('/dunning/letters/print', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'printDunningLetters',
      summary: 'One PDF of planned letters of channel letter, each followed by its statement',
      description: `The letters named in \`letterIds\`, else those of \`runId\`, else every planned letter of channel letter (at most 100, oldest first). Each letter starts on a new page and is followed by its customer's statement of open items as of the letter's date. With \`markSent: true\` (role accountant or above) the letters are recorded as printed and posted in the same transaction. Headers: X-Letter-Count, X-Letter-Ids, X-Letters-Marked-Sent, X-Letters-Remaining (planned letters left out by the batch size). 409 invalid_state when nothing is to print or a named letter is not a planned letter of channel letter.`,
      body: printLettersInput,
      response: { 200: pdfResponse, ...errors },
    },
    handler: async (req, reply) => {
      const principal = principalOf(req);
      if (req.body.markSent) assertMayAccess(principal, 'write');
      const batch = await printLetters(deps, principal.tenantId, req.body, actorOf(principal));
      if (!batch)
        throw invalidState(
          `nothing to print: no planned letters of channel letter${req.body.runId ? ` in run ${req.body.runId}` : ''}`,
        );
      return sendBatch(reply, batch);
    },
  });
}
