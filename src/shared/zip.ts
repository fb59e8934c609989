/**
 * A minimal ZIP writer (PKWARE APPNOTE 6.3): stored entries deflated with node:zlib, one local
 * header per entry, the central directory and its end record. Enough for Office Open XML files;
 * no ZIP64 (each entry and the archive stay under 4 GiB), no encryption. Entries carry a fixed
 * timestamp (1980-01-01), so the same content always gives the same bytes.
 */
import { deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive, `/`-separated, no leading slash. */
  readonly name: string;
  readonly data: Buffer;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC) of `data`, as ZIP stores it. `crc32(Buffer.from('abc')) === 0x352441c2`. */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** DOS date of 1980-01-01 (the earliest ZIP can say), time 00:00. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
const DEFLATE = 8;
const VERSION = 20;
/** General purpose flag bit 11: file names are UTF-8. */
const UTF8_NAMES = 0x0800;

interface Packed {
  name: Buffer;
  crc: number;
  compressed: Buffer;
  size: number;
  offset: number;
}

function localHeader(p: Packed): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(VERSION, 4);
  h.writeUInt16LE(UTF8_NAMES, 6);
  h.writeUInt16LE(DEFLATE, 8);
  h.writeUInt16LE(DOS_TIME, 10);
  h.writeUInt16LE(DOS_DATE, 12);
  h.writeUInt32LE(p.crc, 14);
  h.writeUInt32LE(p.compressed.length, 18);
  h.writeUInt32LE(p.size, 22);
  h.writeUInt16LE(p.name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, p.name]);
}

function centralHeader(p: Packed): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(VERSION, 4);
  h.writeUInt16LE(VERSION, 6);
  h.writeUInt16LE(UTF8_NAMES, 8);
  h.writeUInt16LE(DEFLATE, 10);
  h.writeUInt16LE(DOS_TIME, 12);
  h.writeUInt16LE(DOS_DATE, 14);
  h.writeUInt32LE(p.crc, 16);
  h.writeUInt32LE(p.compressed.length, 20);
  h.writeUInt32LE(p.size, 24);
  h.writeUInt16LE(p.name.length, 28);
  // extra length, comment length, disk number, internal and external attributes: all 0
  h.writeUInt32LE(p.offset, 42);
  return Buffer.concat([h, p.name]);
}

function endRecord(count: number, directorySize: number, directoryOffset: number): Buffer {
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(count, 8);
  e.writeUInt16LE(count, 10);
  e.writeUInt32LE(directorySize, 12);
  e.writeUInt32LE(directoryOffset, 16);
  return e;
}

/** The archive holding `entries` in their order. */
export function zip(entries: readonly ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const packed: Packed[] = [];
  let offset = 0;
  for (const entry of entries) {
    const p: Packed = {
      name: Buffer.from(entry.name, 'utf8'),
      crc: crc32(entry.data),
      compressed: deflateRawSync(entry.data),
      size: entry.data.length,
      offset,
    };
    const header = localHeader(p);
    parts.push(header, p.compressed);
    offset += header.length + p.compressed.length;
    packed.push(p);
  }
  const directory = Buffer.concat(packed.map(centralHeader));
  return Buffer.concat([...parts, directory, endRecord(packed.length, directory.length, offset)]);
}
