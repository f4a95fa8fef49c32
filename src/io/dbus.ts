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
    while (signature[next] !== (code === '(' ? ')' : '}')) {
      if (next >= signature.length) throw new Error(`unterminated signature ${signature}`);
      next = typeEnd(signature, next);
    }
    return next + 1;
  }
  if (code === undefined || !'ybusogv'.includes(code)) throw new Error(`unsupported D-Bus type in ${signature}`);
  return at + 1;
}

/** The single complete types of a signature, in order. */
export function splitSignature(signature: string): string[] {
  const types: string[] = [];
  for (let at = 0; at < signature.length;) {
    const end = typeEnd(signature, at);
    types.push(signature.slice(at, end));
    at = end;
  }
  return types;
}

const alignment = (type: string): number => ({ y: 1, g: 1, v: 1, '(': 8, '{': 8 })[type[0] ?? ''] ?? 4;

/** Little-endian marshalling; offsets count from the start of the header or the body (both 8-aligned). */
class Writer {
  private readonly chunks: Buffer[] = [];
  length = 0;

  private push(bytes: Buffer): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  align(to: number): void {
    const pad = (to - (this.length % to)) % to;
    if (pad) this.push(Buffer.alloc(pad));
  }

  private u32(value: number): void {
    this.align(4);
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(value);
    this.push(bytes);
  }

  private text(value: string, lengthBytes: 1 | 4): void {
    const bytes = Buffer.from(value, 'utf8');
    if (lengthBytes === 1) this.push(Buffer.from([bytes.length]));
    else this.u32(bytes.length);
    this.push(Buffer.concat([bytes, Buffer.alloc(1)]));
  }

  write(type: string, value: Value): void {
    const code = type[0];
    if (code === 'y') this.push(Buffer.from([value as number]));
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
      this.patch(lengthAt, this.length - start);
    } else throw new Error(`unsupported D-Bus type ${type}`);
  }

  private patch(at: number, value: number): void {
    const bytes = this.bytes();
    bytes.writeUInt32LE(value, at);
    this.chunks.splice(0, this.chunks.length, bytes);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Reads values of one message part (header or body), in its sender's byte order. */
class Reader {
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
      return [signature, this.read(signature)];
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

function marshal(serial: number, call: Call): Buffer {
  const body = new Writer();
  splitSignature(call.signature ?? '').forEach((type, i) => body.write(type, call.body?.[i] as Value));
  const fields: Value[] = [
    [FIELD.path, ['o', call.path]],
    [FIELD.interface, ['s', call.interface]],
    [FIELD.member, ['s', call.member]],
    [FIELD.destination, ['s', call.destination]],
    ...(call.signature ? [[FIELD.signature, ['g', call.signature]] as Value] : []),
  ];
  const header = new Writer();
  for (const [type, value] of [
    ['y', 'l'.charCodeAt(0)],
    ['y', TYPE.call],
    ['y', 0],
    ['y', 1],
    ['u', body.length],
    ['u', serial],
    ['a(yv)', fields],
  ] as const)
    header.write(type, value);
  header.align(8);
  return Buffer.concat([header.bytes(), body.bytes()]);
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

/** A connection to the bus at `address`, authenticated as this user and registered (Hello). */
export async function openBus(address: string): Promise<Bus> {
  const [path] = socketPaths(address);
  if (!path) throw new Error('the session bus address has no Unix socket');
  const socket = connect({ path });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const bus = new Bus(socket);
  await bus.authenticate();
  await bus.call({
    destination: 'org.freedesktop.DBus',
    path: '/org/freedesktop/DBus',
    interface: 'org.freedesktop.DBus',
    member: 'Hello',
  });
  return bus;
}

export class Bus {
  private serial = 0;
  private received = Buffer.alloc(0);
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;

  constructor(private readonly socket: Socket) {
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the session bus closed the connection')));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
  }

  /** SASL EXTERNAL, as the user this process runs as. */
  async authenticate(): Promise<void> {
    const uid = Buffer.from(String(process.getuid?.() ?? 0)).toString('hex');
    this.socket.write(`\0AUTH EXTERNAL ${uid}\r\n`);
    const line = await new Promise<string>((resolve, reject) => {
      let text = '';
      const onData = (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (!text.includes('\r\n')) return;
        this.socket.off('data', onData);
        this.socket.off('close', onClose);
        resolve(text.slice(0, text.indexOf('\r\n')));
      };
      const onClose = () => reject(new Error('the session bus closed the connection during authentication'));
      this.socket.on('data', onData);
      this.socket.once('close', onClose);
    });
    if (!line.startsWith('OK ')) throw new Error(`the session bus refused authentication: ${line.slice(0, 80)}`);
    this.socket.write('BEGIN\r\n');
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  call(call: Call): Promise<Value[]> {
    if (this.failure) return Promise.reject(this.failure);
    const serial = ++this.serial;
    return new Promise((resolve, reject) => {
      this.pending.set(serial, { resolve, reject });
      this.socket.write(marshal(serial, call));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.received = Buffer.concat([this.received, chunk]);
    try {
      while (this.received.length >= 16) {
        const littleEndian = this.received[0] === 'l'.charCodeAt(0);
        const u32 = (at: number) => (littleEndian ? this.received.readUInt32LE(at) : this.received.readUInt32BE(at));
        const bodyLength = u32(4);
        const headerLength = 16 + u32(12);
        const bodyStart = headerLength + ((8 - (headerLength % 8)) % 8);
        if (this.received.length < bodyStart + bodyLength) return;
        const message = this.received.subarray(0, bodyStart + bodyLength);
        this.received = this.received.subarray(bodyStart + bodyLength);
        this.dispatch(message, littleEndian, bodyStart);
      }
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      this.socket.destroy();
    }
  }

  private dispatch(message: Buffer, littleEndian: boolean, bodyStart: number): void {
    const type = message[1];
    if (type !== TYPE.reply && type !== TYPE.error) return;
    const fields = new Map<number, Value>();
    for (const field of new Reader(message, 12, littleEndian, 0).read('a(yv)') as Array<[number, [string, Value]]>)
      fields.set(field[0], field[1][1]);
    const pending = this.pending.get(fields.get(FIELD.replySerial) as number);
    if (!pending) return;
    this.pending.delete(fields.get(FIELD.replySerial) as number);
    const body = new Reader(message, bodyStart, littleEndian, bodyStart);
    const values = splitSignature((fields.get(FIELD.signature) as string | undefined) ?? '').map((t) => body.read(t));
    if (type === TYPE.reply) pending.resolve(values);
    else pending.reject(new Error(`${String(fields.get(FIELD.errorName))}: ${typeof values[0] === 'string' ? values[0] : ''}`));
  }
}
