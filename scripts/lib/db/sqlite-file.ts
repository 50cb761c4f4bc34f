import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/**
 * Reads rows of one table from a SQLite database file without SQLite: only the pages on the way to the
 * table are read (the developer's database may be large), the file is opened read-only, and committed
 * pages of a write-ahead log are honoured. Enough for `alembic_version`, not a general SQL engine.
 */
export type SqliteValue = string | number | bigint | null | Uint8Array;

class PageReader {
  readonly pageSize: number;
  readonly usable: number;
  /** The database's text encoding: 1 UTF-8, 2 UTF-16le, 3 UTF-16be. */
  private readonly encoding: number;
  private readonly walPages = new Map<number, number>();
  private readonly fd: number;
  private readonly walFd: number | undefined;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
    const header = this.readAt(this.fd, 0, 100);
    if (header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') {
      this.close();
      throw new Error('not a SQLite database');
    }
    const size = header.readUInt16BE(16);
    this.pageSize = size === 1 ? 65536 : size;
    this.usable = this.pageSize - header.readUInt8(20);
    this.encoding = header.readUInt32BE(56);
    const wal = `${path}-wal`;
    if (existsSync(wal) && statSync(wal).size > 32) {
      this.walFd = openSync(wal, 'r');
      this.indexWal(statSync(wal).size);
    }
  }

  private readAt(fd: number, position: number, length: number): Buffer {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, position);
    if (read < length) throw new Error('the database file is truncated');
    return buffer;
  }

  /** Latest committed frame of each page in the WAL (frames after the last commit are ignored). */
  private indexWal(size: number): void {
    const fd = this.walFd!;
    const header = this.readAt(fd, 0, 32);
    const magic = header.readUInt32BE(0);
    if ((magic !== 0x377f0682 && magic !== 0x377f0683) || header.readUInt32BE(8) !== this.pageSize) return;
    const salts = [header.readUInt32BE(16), header.readUInt32BE(20)];
    const pending = new Map<number, number>();
    for (let offset = 32; offset + 24 + this.pageSize <= size; offset += 24 + this.pageSize) {
      const frame = this.readAt(fd, offset, 24);
      if (frame.readUInt32BE(8) !== salts[0] || frame.readUInt32BE(12) !== salts[1]) break;
      pending.set(frame.readUInt32BE(0), offset + 24);
      if (frame.readUInt32BE(4) !== 0) {
        for (const [page, at] of pending) this.walPages.set(page, at);
        pending.clear();
      }
    }
  }

  page(number: number): Buffer {
    const inWal = this.walPages.get(number);
    if (inWal !== undefined && this.walFd !== undefined) return this.readAt(this.walFd, inWal, this.pageSize);
    return this.readAt(this.fd, (number - 1) * this.pageSize, this.pageSize);
  }

  text(bytes: Buffer): string {
    if (this.encoding === 3) return Buffer.from(bytes).swap16().toString('utf16le');
    return bytes.toString(this.encoding === 2 ? 'utf16le' : 'utf8');
  }

  close(): void {
    closeSync(this.fd);
    if (this.walFd !== undefined) closeSync(this.walFd);
  }
}

function varint(buffer: Buffer, at: number): [value: bigint, next: number] {
  let value = 0n;
  for (let i = 0; i < 9; i += 1) {
    const byte = buffer[at + i] ?? 0;
    if (i === 8) return [(value << 8n) | BigInt(byte), at + 9];
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (byte < 0x80) return [value, at + i + 1];
  }
  return [value, at + 9];
}

/** The payload of a leaf-table cell, following overflow pages when it does not fit. */
function payload(reader: PageReader, page: Buffer, cell: number): Buffer {
  const [size, afterSize] = varint(page, cell);
  const [, start] = varint(page, afterSize);
  const total = Number(size);
  const usable = reader.usable;
  const maxLocal = usable - 35;
  if (total <= maxLocal) return page.subarray(start, start + total);
  const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
  let local = minLocal + ((total - minLocal) % (usable - 4));
  if (local > maxLocal) local = minLocal;
  const parts = [page.subarray(start, start + local)];
  let remaining = total - local;
  let next = page.readUInt32BE(start + local);
  while (remaining > 0 && next !== 0) {
    const overflow = reader.page(next);
    const take = Math.min(remaining, usable - 4);
    parts.push(overflow.subarray(4, 4 + take));
    remaining -= take;
    next = overflow.readUInt32BE(0);
  }
  return Buffer.concat(parts);
}

/** The first `columns` values of a record (all by default): the schema table is read for its type, name and root page, not its CREATE text. */
function decodeRecord(reader: PageReader, record: Buffer, columns = Number.POSITIVE_INFINITY): SqliteValue[] {
  const [headerSize, first] = varint(record, 0);
  const types: number[] = [];
  for (let at = first; at < Number(headerSize) && types.length < columns; ) {
    const [type, next] = varint(record, at);
    types.push(Number(type));
    at = next;
  }
  const values: SqliteValue[] = [];
  let at = Number(headerSize);
  const intSizes = [0, 1, 2, 3, 4, 6, 8];
  for (const type of types) {
    if (type === 0) values.push(null);
    else if (type >= 1 && type <= 6) {
      const size = intSizes[type]!;
      values.push(size <= 6 ? record.readIntBE(at, size) : record.readBigInt64BE(at));
      at += size;
    } else if (type === 7) {
      values.push(record.readDoubleBE(at));
      at += 8;
    } else if (type === 8 || type === 9) values.push(type - 8);
    else {
      const length = Math.floor((type - 12) / 2);
      const bytes = record.subarray(at, at + length);
      values.push(type % 2 === 1 ? reader.text(bytes) : new Uint8Array(bytes));
      at += length;
    }
  }
  return values;
}

function* tableRows(reader: PageReader, root: number, depth = 0, columns = Number.POSITIVE_INFINITY): Generator<SqliteValue[]> {
  if (depth > 64) throw new Error('the table b-tree is deeper than any real database');
  const page = reader.page(root);
  const base = root === 1 ? 100 : 0;
  const kind = page[base];
  const cells = page.readUInt16BE(base + 3);
  if (kind === 0x0d) {
    for (let i = 0; i < cells; i += 1) yield decodeRecord(reader, payload(reader, page, page.readUInt16BE(base + 8 + 2 * i)), columns);
    return;
  }
  if (kind !== 0x05) throw new Error(`page ${root} is not a table b-tree page`);
  for (let i = 0; i < cells; i += 1) yield* tableRows(reader, page.readUInt32BE(page.readUInt16BE(base + 12 + 2 * i)), depth + 1, columns);
  yield* tableRows(reader, page.readUInt32BE(base + 8), depth + 1, columns);
}

/** All rows of `table`, or undefined when the database has no such table. */
export function readSqliteTable(path: string, table: string): SqliteValue[][] | undefined {
  const reader = new PageReader(path);
  try {
    for (const [type, name, , rootPage] of tableRows(reader, 1, 0, 4)) {
      if (type === 'table' && typeof name === 'string' && name.toLowerCase() === table.toLowerCase() && typeof rootPage === 'number') {
        return [...tableRows(reader, rootPage)];
      }
    }
    return undefined;
  } finally {
    reader.close();
  }
}
