/**
 * A small, independent reader of raw MIME messages for tests (nodemailer's parser is not
 * installed): header unfolding, RFC 2047 encoded words, multipart boundaries, and the
 * quoted-printable and base64 transfer encodings. Written from RFC 2045–2047, not from the composer.
 */

export interface MimePart {
  readonly headers: ReadonlyMap<string, string>;
  /** The decoded body (transfer encoding undone). */
  readonly body: Buffer;
  readonly parts: readonly MimePart[];
}

function splitHeadersAndBody(raw: Buffer): { head: string; body: Buffer } {
  const text = raw.toString('latin1');
  const at = text.indexOf('\r\n\r\n');
  if (at === -1) return { head: text, body: Buffer.alloc(0) };
  return { head: text.slice(0, at), body: raw.subarray(at + 4) };
}

/** Header names lower-cased; folded lines joined. */
export function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** `=?UTF-8?Q?…?=` and `=?UTF-8?B?…?=` words decoded (adjacent words joined without the space). */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) => {
      if (enc.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
      const bytes = data
        .replace(/_/g, ' ')
        .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    });
}

function decodeBody(body: Buffer, encoding: string): Buffer {
  const e = encoding.toLowerCase();
  if (e === 'base64') return Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (e === 'quoted-printable') {
    const text = body
      .toString('latin1')
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(text, 'latin1');
  }
  return body;
}

/** A parameter of a structured header (`boundary`, `name`, `filename`), quotes removed. */
export function headerParam(value: string | undefined, name: string): string | null {
  const m = new RegExp(`${name}=("([^"]*)"|[^;\\s]+)`, 'i').exec(value ?? '');
  return m ? (m[2] ?? m[1] ?? null) : null;
}

export function parseMime(raw: Buffer): MimePart {
  const { head, body } = splitHeadersAndBody(raw);
  const headers = parseHeaders(head);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = headerParam(type, 'boundary');
  if (!/^multipart\//i.test(type) || !boundary)
    return { headers, body: decodeBody(body, headers.get('content-transfer-encoding') ?? '7bit'), parts: [] };
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const chunks = text.split(
    new RegExp(`(?:^|\\r\\n)${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*(?:\\r\\n|$)`),
  );
  const parts = chunks.slice(1, -1).map((chunk) => parseMime(Buffer.from(chunk, 'latin1')));
  return { headers, body: Buffer.alloc(0), parts };
}

/** Every leaf part, depth first. */
export function leafParts(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leafParts);
}

/** The decoded text of the first leaf of `type` (`text/plain`, `text/html`). */
export function textOf(message: MimePart, type: string): string {
  const leaf = leafParts(message).find((p) =>
    (p.headers.get('content-type') ?? '').toLowerCase().startsWith(type),
  );
  return leaf ? leaf.body.toString('utf8') : '';
}

/** The attachments: file name, content type and decoded bytes. */
export function attachmentsOf(message: MimePart): { fileName: string; contentType: string; bytes: Buffer }[] {
  return leafParts(message)
    .filter((p) => /attachment/i.test(p.headers.get('content-disposition') ?? ''))
    .map((p) => ({
      fileName: headerParam(p.headers.get('content-disposition'), 'filename') ?? '',
      contentType: (p.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '',
      bytes: p.body,
    }));
}
