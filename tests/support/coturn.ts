/**
 * A real coturn for tests: TURN over TCP only (no UDP, TLS or DTLS listeners), REST credentials
 * from a static shared secret (the hub's `turn.secret`), listening on the host end of a test
 * network (tests/support/janus.ts) so a relay-only browser reaches Janus through it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TurnServer {
  /** e.g. turn:10.200.7.1:3478?transport=tcp */
  url: string;
  secret: string;
  realm: string;
  output: () => string;
  close: () => Promise<void>;
}

async function waitForPort(
  host: string,
  port: number,
  child: ChildProcess,
  out: () => string,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`turnserver exited with ${child.exitCode}:\n${out().slice(-3000)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`turnserver did not listen on ${host}:${port} in time:\n${out().slice(-3000)}`);
}

/** Start coturn on `ip` (the host's veth address); the relay uses the same address. */
export async function startTurn(ip: string, port = 3478): Promise<TurnServer> {
  const dir = mkdtempSync(join(tmpdir(), 'jinying-turn-'));
  const secret = `ts-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const realm = 'jinying';
  const args = [
    '-n',
    `--listening-ip=${ip}`,
    `--relay-ip=${ip}`,
    `--listening-port=${port}`,
    '--min-port=49160',
    '--max-port=49400',
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    `--realm=${realm}`,
    '--no-udp',
    '--no-tls',
    '--no-dtls',
    '--no-cli',
    '--no-multicast-peers',
    '--fingerprint',
    `--db=${join(dir, 'turndb')}`,
    `--pidfile=${join(dir, 'turn.pid')}`,
    '--log-file=stdout',
    '--simple-log',
  ];
  const child = spawn('turnserver', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-200_000)));
  child.stderr.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-200_000)));
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(ip, port, child, () => out);
  } catch (e) {
    await close();
    throw e;
  }
  return { url: `turn:${ip}:${port}?transport=tcp`, secret, realm, output: () => out, close };
}
