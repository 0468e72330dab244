import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP proxy on 127.0.0.1 that a test can cut (every connection dropped, new ones refused) and restore. */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  /** True while it passes connections through. */
  private open = false;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const probe = createServer();
    const port: number = await new Promise((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)));
    await new Promise((r) => probe.close(r));
    const proxy = new TcpProxy(port, target);
    await proxy.restore();
    return proxy;
  }

  /** Passes connections through again; when it does already, the connections it carries stay. */
  async restore(): Promise<void> {
    if (this.open) return;
    await this.cut();
    this.open = true;
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /** A black hole: connections are accepted and then nothing ever comes back. */
  async hang(): Promise<void> {
    await this.cut();
    this.server = createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /**
   * PostgreSQL with no connection to spare: every new connection gets, as from a server at its
   * max_connections, the startup answer FATAL 53300 "sorry, too many clients already" and is closed.
   */
  async full(): Promise<void> {
    await this.cut();
    this.server = createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => client.destroy());
      client.on('data', (packet) => {
        // An SSLRequest (length 8, code 80877103) is declined with 'N'; the startup message that follows is refused.
        if (packet.length === 8 && packet.readInt32BE(4) === 80877103) return void client.write('N');
        client.end(postgresError('FATAL', '53300', 'sorry, too many clients already'));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async cut(): Promise<void> {
    this.open = false;
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise((r) => server.close(r));
  }
}

/** A PostgreSQL ErrorResponse message (protocol 3.0): severity, SQLSTATE and message fields. */
function postgresError(severity: string, code: string, message: string): Buffer {
  const fields = Buffer.concat([
    ...[['S', severity], ['V', severity], ['C', code], ['M', message]].map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8')),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0, 'ascii');
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}
