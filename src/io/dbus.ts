/**
 * The few parts of D-Bus (https://dbus.freedesktop.org/doc/dbus-specification.html)
 * that reading the Secret Service in bulk needs: a session bus connection over a Unix
 * socket, method calls that may be sent before earlier ones are answered, and the
 * marshalling of the types those calls use (y b u s o g v a ( ) { }). Signals and
 * calls from the bus are ignored; nothing else is implemented.
 */
import { connect, type Socket } from 'node:net';

/** A D-Bus value: `ay` reads as a Buffer, other arrays, structs and dict entries as arrays, `v` as `[signature, value]`. */
export type Value = string | number | boolean | Buffer | Value[] | [string, Value];

/** The end of the single complete type that starts at `at` in `signature`. */
function typeEnd(signature: string, at: number): number {
  const code = signature[at];
  if (code === 'a') return typeEnd(signature, at + 1);
  if (code === '(' || code === '{') {
    let next = at + 1;
    let members = 0;
    while (signature[next] !== (code === '(' ? ')' : '}')) {
      if (next >= signature.length) throw new Error(`unterminated signature ${signature}`);
      next = typeEnd(signature, next);
      members += 1;
    }
    // As the specification says: no empty struct (whose array would never end), a dict entry of two.
    if (members === 0 || (code === '{' && members !== 2)) throw new Error(`invalid D-Bus signature ${signature}`);
    return next + 1;
  }
  if (code === undefined || !'ybusogv'.includes(code)) throw new Error(`unsupported D-Bus type in ${signature}`);
  return at + 1;
}

const split = new Map<string, string[]>();

/** The single complete types of a signature, in order. */
export function splitSignature(signature: string): string[] {
  const known = split.get(signature);
  if (known) return known;
  const types: string[] = [];
  for (let at = 0; at < signature.length;) {
    const end = typeEnd(signature, at);
    types.push(signature.slice(at, end));
    at = end;
  }
  split.set(signature, types);
  return types;
}

const alignment = (type: string): number => ({ y: 1, g: 1, v: 1, '(': 8, '{': 8 })[type[0] ?? ''] ?? 4;

/** Little-endian marshalling; offsets count from the start of the header or the body (both 8-aligned). */
class Writer {
  private buffer = Buffer.alloc(256);
  length = 0;

  private room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.alloc(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Appends bytes as they are. */
  push(bytes: Buffer): void {
    this.room(bytes.length);
    bytes.copy(this.buffer, this.length);
    this.length += bytes.length;
  }

  align(to: number): void {
    const pad = (to - (this.length % to)) % to;
    this.room(pad);
    this.buffer.fill(0, this.length, this.length + pad);
    this.length += pad;
  }

  private byte(value: number): void {
    this.room(1);
    this.buffer[this.length++] = value;
  }

  private u32(value: number): void {
    this.align(4);
    this.room(4);
    this.buffer.writeUInt32LE(value, this.length);
    this.length += 4;
  }

  private text(value: string, lengthBytes: 1 | 4): void {
    const length = Buffer.byteLength(value, 'utf8');
    if (lengthBytes === 1) this.byte(length);
    else this.u32(length);
    this.room(length + 1);
    this.buffer.write(value, this.length, 'utf8');
    this.buffer[this.length + length] = 0;
    this.length += length + 1;
  }

  /** Overwrites the 32-bit value at `at`. */
  setU32(at: number, value: number): void {
    this.buffer.writeUInt32LE(value, at);
  }

  /** Empties the writer for the next message, keeping its memory. */
  reset(): this {
    this.length = 0;
    return this;
  }

  write(type: string, value: Value): void {
    const code = type[0];
    if (code === 'y') this.byte(value as number);
    else if (code === 'b') this.u32(value ? 1 : 0);
    else if (code === 'u') this.u32(value as number);
    else if (code === 's' || code === 'o') this.text(value as string, 4);
    else if (code === 'g') this.text(value as string, 1);
    else if (code === 'v') {
      const [signature, inner] = value as [string, Value];
      this.text(signature, 1);
      this.write(signature, inner);
    } else if (code === '(' || code === '{') {
      this.align(8);
      splitSignature(type.slice(1, -1)).forEach((member, i) => this.write(member, (value as Value[])[i] as Value));
    } else if (code === 'a') {
      const element = type.slice(1);
      this.u32(0);
      const lengthAt = this.length - 4;
      this.align(alignment(element));
      const start = this.length;
      if (element === 'y') this.push(value as Buffer);
      else for (const item of value as Value[]) this.write(element, item);
      this.buffer.writeUInt32LE(this.length - start, lengthAt);
    } else throw new Error(`unsupported D-Bus type ${type}`);
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/** D-Bus allows 32 nested arrays and 32 nested structs; variants count here too. */
const MAX_DEPTH = 64;

/** Reads values of one message part (header or body), in its sender's byte order. */
class Reader {
  private depth = 0;

  constructor(
    private readonly buffer: Buffer,
    private at: number,
    private readonly littleEndian: boolean,
    /** Where offsets for alignment count from. */
    private readonly base: number,
  ) {}

  private align(to: number): void {
    this.at += (to - ((this.at - this.base) % to)) % to;
  }

  private need(bytes: number): void {
    if (this.at + bytes > this.buffer.length) throw new Error('truncated D-Bus message');
  }

  private u32(): number {
    this.align(4);
    this.need(4);
    const value = this.littleEndian ? this.buffer.readUInt32LE(this.at) : this.buffer.readUInt32BE(this.at);
    this.at += 4;
    return value;
  }

  private text(length: number): string {
    this.need(length + 1);
    const value = this.buffer.toString('utf8', this.at, this.at + length);
    this.at += length + 1;
    return value;
  }

  read(type: string): Value {
    const code = type[0];
    if (code === 'y') {
      this.need(1);
      return this.buffer[this.at++] as number;
    }
    if (code === 'b') return this.u32() === 1;
    if (code === 'u') return this.u32();
    if (code === 's' || code === 'o') return this.text(this.u32());
    if (code === 'g') {
      this.need(1);
      return this.text(this.buffer[this.at++] as number);
    }
    if (code === 'v') {
      const signature = this.read('g') as string;
      // The sender's signature: one complete type we read, nested no deeper than D-Bus allows.
      if (splitSignature(signature).length !== 1) throw new Error('the session bus sent a malformed variant');
      if (++this.depth > MAX_DEPTH) throw new Error('the session bus sent values nested too deep');
      const value = this.read(signature);
      this.depth -= 1;
      return [signature, value];
    }
    if (code === '(' || code === '{') {
      this.align(8);
      return splitSignature(type.slice(1, -1)).map((member) => this.read(member));
    }
    if (code === 'a') {
      const length = this.u32();
      const element = type.slice(1);
      this.align(alignment(element));
      this.need(length);
      const end = this.at + length;
      if (element === 'y') {
        this.at = end;
        return Buffer.from(this.buffer.subarray(end - length, end));
      }
      const items: Value[] = [];
      while (this.at < end) items.push(this.read(element));
      return items;
    }
    throw new Error(`unsupported D-Bus type ${type}`);
  }
}

/** The specification's limit on a message's length, and its byte-order marks. */
const MAX_MESSAGE = 128 * 1024 * 1024;
const LITTLE = 'l'.charCodeAt(0);
const BIG = 'B'.charCodeAt(0);

/** Header field codes. */
const FIELD = { path: 1, interface: 2, member: 3, errorName: 4, replySerial: 5, destination: 6, signature: 8 } as const;
const TYPE = { call: 1, reply: 2, error: 3 } as const;

export interface Call {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: Value[];
}

interface Pending {
  resolve(body: Value[]): void;
  reject(error: Error): void;
}

// One for every message: a call's bytes are copied out before the next is written.
const writer = new Writer();

/** Header fields after the path, marshalled once for the calls that share them (never a body: it may hold a secret). */
const pieces = new Map<string, Buffer>();
function piece(key: string, make: (into: Writer) => void): Buffer {
  let bytes = pieces.get(key);
  if (!bytes) {
    make(writer.reset());
    pieces.set(key, (bytes = Buffer.from(writer.bytes())));
  }
  return bytes;
}

function marshal(serial: number, call: Call): Buffer {
  const signature = call.signature ?? '';
  const values = call.body ?? [];
  const bodyWriter = writer.reset();
  splitSignature(signature).forEach((type, i) => bodyWriter.write(type, values[i] as Value));
  const body = Buffer.from(writer.bytes());
  // Each header field starts 8-aligned, so the ones after the path are the same bytes whatever the path.
  const fields = piece(`fields\0${call.interface}\0${call.member}\0${call.destination}\0${signature}`, (into) => {
    into.write('(yv)', [FIELD.interface, ['s', call.interface]]);
    into.write('(yv)', [FIELD.member, ['s', call.member]]);
    into.write('(yv)', [FIELD.destination, ['s', call.destination]]);
    if (signature) into.write('(yv)', [FIELD.signature, ['g', signature]]);
  });
  const message = writer.reset();
  for (const [type, value] of [
    ['y', LITTLE],
    ['y', TYPE.call],
    ['y', 0],
    ['y', 1],
    ['u', body.length],
    ['u', serial],
    ['u', 0],
  ] as const)
    message.write(type, value);
  message.write('(yv)', [FIELD.path, ['o', call.path]]);
  message.align(8);
  message.push(fields);
  // The header fields' array length (at 12), then the body from the next 8-aligned offset.
  message.setU32(12, message.length - 16);
  message.align(8);
  message.push(body);
  return Buffer.from(message.bytes());
}

/** The socket paths of a bus address (`unix:path=` and Linux's `unix:abstract=`); other transports are not supported. */
export function socketPaths(address: string): string[] {
  const paths: string[] = [];
  for (const entry of address.split(';')) {
    const colon = entry.indexOf(':');
    if (entry.slice(0, colon) !== 'unix') continue;
    const keys = new Map(
      entry
        .slice(colon + 1)
        .split(',')
        .map((pair) => {
          const eq = pair.indexOf('=');
          return [pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1))] as const;
        }),
    );
    const path = keys.get('path');
    const abstract = keys.get('abstract');
    if (path) paths.push(path);
    else if (abstract && process.platform === 'linux') paths.push(`\0${abstract}`);
  }
  return paths;
}

/**
 * A connection to the bus at `address`: `ready` once authenticated as this user and
 * registered (Hello). A failure on the way closes it; `bus.close()` ends the wait.
 */
export function openBus(address: string): { bus: Bus; ready: Promise<void> } {
  const [path] = socketPaths(address);
  if (!path) throw new Error('the session bus address has no Unix socket');
  const bus = new Bus(path);
  const ready = (async () => {
    try {
      await bus.connected;
      await bus.authenticate();
      await bus.call({
        destination: 'org.freedesktop.DBus',
        path: '/org/freedesktop/DBus',
        interface: 'org.freedesktop.DBus',
        member: 'Hello',
      });
    } catch (error) {
      bus.close();
      throw error;
    }
  })();
  return { bus, ready };
}

export class Bus {
  private serial = 0;
  /** Bytes read and not yet dispatched, and how many the next step needs (a header, then its message). */
  private chunks: Buffer[] = [];
  private buffered = 0;
  private needed = 16;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;
  private readonly socket: Socket;
  /** Where the bytes read go: the authentication's line, then the messages. */
  private onChunk: (chunk: Buffer) => void = () => undefined;
  readonly connected: Promise<void>;

  constructor(path: string) {
    // Every read lands in one buffer, copied out at its size: a read of a few bytes
    // does not hold on to a fresh 64 KiB, which a burst of replies would add up.
    this.socket = connect({
      path,
      onread: {
        buffer: Buffer.allocUnsafe(65_536),
        callback: (bytes, buffer) => {
          this.onChunk(Buffer.from(buffer.subarray(0, bytes)));
          return true;
        },
      },
    });
    this.connected = new Promise<void>((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
      this.socket.once('close', () => reject(this.failure ?? new Error('the session bus closed the connection')));
    });
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('the session bus closed the connection')));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
  }

  /** SASL EXTERNAL, as the user this process runs as. */
  async authenticate(): Promise<void> {
    if (this.failure) throw this.failure;
    const uid = Buffer.from(String(process.getuid?.() ?? 0)).toString('hex');
    this.socket.write(`\0AUTH EXTERNAL ${uid}\r\n`);
    const line = await new Promise<string>((resolve, reject) => {
      let text = '';
      const onClose = () => reject(this.failure ?? new Error('the session bus closed the connection during authentication'));
      this.onChunk = (chunk) => {
        text += chunk.toString('latin1');
        if (!text.includes('\r\n')) return;
        this.socket.off('close', onClose);
        resolve(text.slice(0, text.indexOf('\r\n')));
      };
      this.socket.once('close', onClose);
    });
    if (!line.startsWith('OK ')) throw new Error(`the session bus refused authentication: ${line.slice(0, 80)}`);
    this.onChunk = (chunk) => this.receive(chunk);
    this.socket.write('BEGIN\r\n');
  }

  call(call: Call): Promise<Value[]> {
    if (this.failure) return Promise.reject(this.failure);
    const serial = ++this.serial;
    return new Promise((resolve, reject) => {
      this.pending.set(serial, { resolve, reject });
      this.socket.write(marshal(serial, call));
    });
  }

  /** Ends the connection; calls still waiting fail with `reason`. */
  close(reason = new Error('the connection to the session bus was closed')): void {
    this.fail(reason);
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    // Chunks are joined once a whole message is there, not on every read.
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    try {
      while (this.buffered >= this.needed) {
        const data = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
        const endianness = data[0];
        if (endianness !== LITTLE && endianness !== BIG) throw new Error('the session bus sent a malformed message');
        const littleEndian = endianness === LITTLE;
        const u32 = (at: number) => (littleEndian ? data.readUInt32LE(at) : data.readUInt32BE(at));
        const headerLength = 16 + u32(12);
        const bodyStart = headerLength + ((8 - (headerLength % 8)) % 8);
        const length = bodyStart + u32(4);
        if (length > MAX_MESSAGE) throw new Error('the session bus sent a message larger than D-Bus allows');
        if (data.length < length) {
          this.chunks = [data];
          this.needed = length;
          return;
        }
        const rest = data.subarray(length);
        this.chunks = rest.length ? [rest] : [];
        this.buffered = rest.length;
        this.needed = 16;
        this.dispatch(data.subarray(0, length), littleEndian, bodyStart);
      }
    } catch (error) {
      this.close(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private dispatch(message: Buffer, littleEndian: boolean, bodyStart: number): void {
    const type = message[1];
    if (type !== TYPE.reply && type !== TYPE.error) return;
    const fields = new Map<number, Value>();
    for (const field of new Reader(message, 12, littleEndian, 0).read('a(yv)') as Array<[number, [string, Value]]>)
      fields.set(field[0], field[1][1]);
    const serial = fields.get(FIELD.replySerial) as number;
    const pending = this.pending.get(serial);
    if (!pending) return;
    const body = new Reader(message, bodyStart, littleEndian, bodyStart);
    // Read before the call leaves the pending ones: a malformed body fails it with the rest.
    const values = splitSignature((fields.get(FIELD.signature) as string | undefined) ?? '').map((t) => body.read(t));
    this.pending.delete(serial);
    if (type === TYPE.reply) pending.resolve(values);
    else pending.reject(new Error(`${String(fields.get(FIELD.errorName))}: ${typeof values[0] === 'string' ? values[0] : ''}`));
  }
}
