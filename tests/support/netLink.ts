import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP link between one client and a server on 127.0.0.1 that a test can cut and restore: the
 * field laptop's network going away while everybody else stays connected. Cutting closes every
 * connection through it and stops accepting new ones (so reconnects are refused, as on a dead
 * link); restoring listens again on the same port.
 */
export interface NetLink {
  port: number;
  url: string;
  cut: () => Promise<void>;
  restore: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startNetLink(targetPort: number): Promise<NetLink> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((down) => {
        const up = connect(targetPort, '127.0.0.1');
        for (const x of [down, up]) {
          sockets.add(x);
          x.on('error', () => undefined);
          x.on('close', () => {
            sockets.delete(x);
            down.destroy();
            up.destroy();
          });
        }
        down.pipe(up);
        up.pipe(down);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const stop = async () => {
    const s = server;
    server = null;
    for (const x of sockets) x.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    cut: stop,
    restore: listen,
    close: stop,
  };
}
