/**
 * The D-Bus parts of the Secret Service bulk read: addresses, signatures, and a call to a
 * fake bus on a Unix socket (the real bus and keyring are the e2e suite's: secret-service.test.ts).
 */
import { createServer, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBus, socketPaths, splitSignature } from '../../src/io/dbus.js';
import { findSecrets } from '../../src/io/secret-service.js';

describe('socketPaths', () => {
  it('reads unix:path= and unix:abstract= addresses, unescaping values, and skips other transports', () => {
    expect(socketPaths('unix:path=/run/user/1000/bus')).toEqual(['/run/user/1000/bus']);
    expect(socketPaths('tcp:host=localhost,port=1;unix:path=/tmp/a%20b,guid=0123')).toEqual(['/tmp/a b']);
    expect(socketPaths('unix:abstract=/tmp/dbus-XYZ,guid=abc')).toEqual(process.platform === 'linux' ? ['\0/tmp/dbus-XYZ'] : []);
    expect(socketPaths('launchd:env=DBUS_LAUNCHD_SESSION_BUS_SOCKET')).toEqual([]);
  });
});

describe('splitSignature', () => {
  it('splits a signature into its single complete types', () => {
    expect(splitSignature('aoo')).toEqual(['ao', 'o']);
    expect(splitSignature('a{o(oayays)}sv')).toEqual(['a{o(oayays)}', 's', 'v']);
    expect(splitSignature('')).toEqual([]);
  });

  it('refuses types it does not implement, unterminated or empty structs, and dict entries not of two', () => {
    expect(() => splitSignature('x')).toThrow(/unsupported D-Bus type/);
    expect(() => splitSignature('(ss')).toThrow(/unterminated/);
    // An empty struct would make an array of them endless; a dict entry has two members.
    expect(() => splitSignature('a()')).toThrow(/invalid D-Bus signature/);
    expect(() => splitSignature('a{sss}')).toThrow(/invalid D-Bus signature/);
  });
});

/** A fake bus: accepts EXTERNAL auth, then answers every call with `answer`'s bytes for its serial. */
async function fakeBus(answer: (serial: number, member: string) => Buffer): Promise<{ address: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ms-auth-dbus-'));
  const path = join(dir, 'bus');
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    let authed = false;
    socket.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      if (!authed) {
        if (text.includes('AUTH EXTERNAL')) socket.write('OK 0123456789abcdef0123456789abcdef\r\n');
        if (text.includes('BEGIN\r\n')) authed = true;
        else return;
        chunk = chunk.subarray(chunk.indexOf('BEGIN\r\n') + 7);
        if (!chunk.length) return;
      }
      // One call per chunk is enough for these tests: serial at 8, member read from the header fields.
      const member = /(Hello|Ping|Broken)/.exec(chunk.toString('latin1'))?.[1] ?? '';
      socket.write(answer(chunk.readUInt32LE(8), member));
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    address: `unix:path=${path}`,
    stop: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A little-endian reply (2) or error (3) to `serial`: its error name, and a string body when `text` is given. */
function reply(type: 2 | 3, serial: number, errorName?: string, text?: string): Buffer {
  const u32 = (n: number) => {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(n);
    return bytes;
  };
  const str = (s: string) => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s), Buffer.alloc(1)]);
  const pad8 = (bytes: Buffer) => Buffer.concat([bytes, Buffer.alloc((8 - (bytes.length % 8)) % 8)]);
  // Header fields (yv): REPLY_SERIAL (5, u), ERROR_NAME (4, s), SIGNATURE (8, g "s").
  const structs = [Buffer.concat([Buffer.from([5, 1, 0x75, 0]), u32(serial)])];
  if (errorName) structs.push(Buffer.concat([Buffer.from([4, 1, 0x73, 0]), str(errorName)]));
  if (text !== undefined) structs.push(Buffer.from([8, 1, 0x67, 0, 1, 0x73, 0]));
  // Each struct starts 8-aligned; the array's length leaves out the padding after the last.
  const fields = Buffer.concat(structs.map((struct, i) => (i < structs.length - 1 ? pad8(struct) : struct)));
  const body = text === undefined ? Buffer.alloc(0) : str(text);
  const header = Buffer.concat([Buffer.from([0x6c, type, 0, 1]), u32(body.length), u32(1000 + serial), u32(fields.length), fields]);
  return Buffer.concat([pad8(header), body]);
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('openBus and call', () => {
  it('authenticates, says Hello, and rejects a call with the error name and message the bus answers', async () => {
    const bus = await fakeBus((serial, member) =>
      member === 'Hello'
        ? reply(2, serial, undefined, ':1.42')
        : reply(3, serial, 'org.freedesktop.Secret.Error.IsLocked', 'the item is locked'),
    );
    stop = bus.stop;
    const { bus: connection, ready } = openBus(bus.address);
    await ready;
    try {
      await expect(connection.call({ destination: 'd', path: '/p', interface: 'i', member: 'Ping' })).rejects.toThrow(
        'org.freedesktop.Secret.Error.IsLocked: the item is locked',
      );
    } finally {
      connection.close();
    }
  });

  it('rejects pending calls when the connection to the bus is lost', async () => {
    const bus = await fakeBus((serial, member) => (member === 'Hello' ? reply(2, serial, undefined, ':1.42') : Buffer.alloc(0)));
    stop = bus.stop;
    const { bus: connection, ready } = openBus(bus.address);
    await ready;
    const pending = expect(connection.call({ destination: 'd', path: '/p', interface: 'i', member: 'Broken' })).rejects.toThrow(
      /closed the connection|ECONNRESET|EPIPE/,
    );
    await bus.stop();
    stop = undefined;
    await pending;
  });

  it('refuses an address without a Unix socket', async () => {
    expect(() => openBus('tcp:host=localhost,port=1')).toThrow(/no Unix socket/);
  });

  it('findSecrets gives up when the Secret Service does not answer within its time', async () => {
    const bus = await fakeBus((serial, member) => (member === 'Hello' ? reply(2, serial, undefined, ':1.42') : Buffer.alloc(0)));
    stop = bus.stop;
    await expect(findSecrets('ms-auth', bus.address, 300)).rejects.toThrow('the Secret Service did not answer within 0.3 s');
  });

  it('findSecrets gives up on a bus that accepts the connection and never answers, and closes it', async () => {
    const server = await rawServer(() => undefined);
    stop = server.stop;
    await expect(findSecrets('ms-auth', server.address, 300)).rejects.toThrow('the Secret Service did not answer within 0.3 s');
    await server.closed;
  });

  it('closes the connection when the bus refuses authentication', async () => {
    const server = await rawServer((socket) => socket.write('REJECTED EXTERNAL\r\n'));
    stop = server.stop;
    await expect(findSecrets('ms-auth', server.address, 10_000)).rejects.toThrow(/refused authentication: REJECTED/);
    await server.closed;
  });

  it.each([
    ['a variant whose signature is an array of empty structs', variantReply('a()'), /invalid D-Bus signature a\(\)/],
    ['a variant of two types', variantReply('ss'), /malformed variant/],
    ['a variant nested deeper than D-Bus allows', variantReply('v', 70), /nested too deep/],
    ['a message claiming a 200 MB body', oversized(), /larger than D-Bus allows/],
    ['a message with no byte-order mark', () => Buffer.concat([Buffer.from('x'), Buffer.alloc(15)]), /malformed message/],
  ])('fails the call, never hangs, on %s', async (_name, bytes, error) => {
    const bus = await fakeBus((serial, member) => (member === 'Hello' ? reply(2, serial, undefined, ':1.42') : bytes(serial)));
    stop = bus.stop;
    const { bus: connection, ready } = openBus(bus.address);
    await ready;
    try {
      await expect(connection.call({ destination: 'd', path: '/p', interface: 'i', member: 'Ping' })).rejects.toThrow(error);
    } finally {
      connection.close();
    }
  });
});

/** A Unix socket server that hands each connection to `greet` and never says anything else; `closed` resolves when the client hangs up. */
async function rawServer(greet: (socket: Socket) => void): Promise<{ address: string; closed: Promise<void>; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ms-auth-dbus-'));
  const path = join(dir, 'bus');
  const sockets: Socket[] = [];
  let hungUp: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (hungUp = resolve));
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => greet(socket));
    socket.on('close', hungUp);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    address: `unix:path=${path}`,
    closed,
    stop: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A reply whose body is a variant of `signature` (`nest` variants deep when the signature is `v`). */
function variantReply(signature: string, nest = 1): (serial: number) => Buffer {
  return (serial) => {
    // The body: `nest` variant headers (1-byte length, signature, NUL), then an array length of 8.
    const variant = Buffer.from([signature.length, ...Buffer.from(signature), 0]);
    const inner =
      signature === 'v'
        ? Buffer.concat([...Array<Buffer>(nest).fill(variant), Buffer.from([1, 0x73, 0]), Buffer.alloc(8)])
        : Buffer.concat([variant, Buffer.from([0, 8, 0, 0, 0]), Buffer.alloc(8)]);
    return withBody(serial, 'v', inner);
  };
}

/** A reply to `serial` carrying `body` with signature `signature`. */
function withBody(serial: number, signature: string, body: Buffer): Buffer {
  const u32 = (n: number) => {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(n);
    return bytes;
  };
  const pad8 = (bytes: Buffer) => Buffer.concat([bytes, Buffer.alloc((8 - (bytes.length % 8)) % 8)]);
  const fields = Buffer.concat([
    pad8(Buffer.concat([Buffer.from([5, 1, 0x75, 0]), u32(serial)])),
    Buffer.from([8, 1, 0x67, 0, signature.length, ...Buffer.from(signature), 0]),
  ]);
  const header = Buffer.concat([Buffer.from([0x6c, 2, 0, 1]), u32(body.length), u32(2000 + serial), u32(fields.length), fields]);
  return Buffer.concat([pad8(header), body]);
}

/** The first 16 bytes of a reply that says its body is 200 MB long. */
function oversized(): (serial: number) => Buffer {
  return () => {
    const header = Buffer.alloc(16);
    header.write('l', 0);
    header[1] = 2;
    header[3] = 1;
    header.writeUInt32LE(200 * 1024 * 1024, 4);
    header.writeUInt32LE(1, 8);
    header.writeUInt32LE(0, 12);
    return header;
  };
}
