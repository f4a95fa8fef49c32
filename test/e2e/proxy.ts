/**
 * A small forward proxy on loopback for the proxy rows of the fault table: plain
 * HTTP requests in absolute form and CONNECT tunnels, every request recorded (inside a
 * tunnel too, when it carries plain HTTP); or, with `refuse`, a 407 for everything.
 * `routes` send a tunnel for one address (`host:port`) to another: a client that goes around
 * the proxy finds nothing listening there.
 */
import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';

const REQUEST_LINE = /(?:^|\r\n)([A-Z]+) (\S+) HTTP\/1\.[01]\r\n/;

export interface TestProxy {
  url: string;
  seen: string[];
  /** The plain HTTP requests sent inside CONNECT tunnels: `METHOD host:port/path`. */
  tunneled: string[];
  close(): Promise<void>;
}

export async function startProxy(options: { refuse?: boolean; routes?: Record<string, string> } = {}): Promise<TestProxy> {
  const seen: string[] = [];
  const tunneled: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (options.refuse) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(req.url ?? '');
    const upstream = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket) => {
    seen.push(`CONNECT ${req.url}`);
    if (options.refuse) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const target = req.url ?? '';
    const [host, port] = (options.routes?.[target] ?? target).split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    // Request lines of plain HTTP in the tunnel (a line may arrive split over chunks).
    let sent = '';
    socket.on('data', (chunk: Buffer) => {
      sent += chunk.toString('latin1');
      let line: RegExpExecArray | null;
      while ((line = REQUEST_LINE.exec(sent))) {
        tunneled.push(`${line[1]} ${target}${line[2]}`);
        // The line's CRLF stays: the next request line starts after one.
        sent = sent.slice(line.index + line[0].length - 2);
      }
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    tunneled,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
