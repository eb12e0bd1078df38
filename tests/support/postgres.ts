/**
 * Throw-away PostgreSQL clusters for tests and benchmarks: initdb + pg_ctl in a temporary folder,
 * on a free 127.0.0.1 port, removed at the end. Needs Debian's `postgresql` package (.ci/run
 * installs it). PostgreSQL refuses to run as root: as root (CI, our machines) the cluster belongs
 * to the `postgres` user the package creates, and its tools run through `runuser`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PgCluster {
  /** PostgreSQL's major version (its folder under /usr/lib/postgresql). */
  version: string;
  port: number;
  dir: string;
  /** The URL of a database of this cluster. */
  url: (database: string) => string;
  /** A new empty database; its URL. */
  createDatabase: (name?: string) => Promise<string>;
  stop: () => void;
}

function binDir(): string {
  const env = process.env.JINYING_PG_BIN;
  if (env) return env;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(
      `PostgreSQL is not installed (no ${root}/<version>/bin/initdb): apt-get install postgresql, or set JINYING_PG_BIN`,
    );
  return join(root, versions[0]!, 'bin');
}

const asRoot = userInfo().uid === 0;

/** Run a PostgreSQL tool as the cluster's owner. */
function pgTool(bin: string, tool: string, args: string[]): void {
  const cmd = asRoot ? 'runuser' : join(bin, tool);
  const argv = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} failed (${r.status}): ${r.stderr || r.stdout}`);
}

function owned(dir: string): string {
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  return dir;
}

/** An initdb'd data folder to copy: made once per machine and PostgreSQL version (initdb takes ~2 s). */
function template(bin: string): string {
  const version = bin.split('/').at(-2) ?? 'pg';
  const path = join(tmpdir(), `jinying-pg-template-${version}-${asRoot ? 'postgres' : userInfo().username}`);
  if (existsSync(join(path, 'PG_VERSION'))) return path;
  const work = owned(mkdtempSync(join(tmpdir(), 'jinying-pg-initdb-')));
  pgTool(bin, 'initdb', ['-D', join(work, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  try {
    renameSync(join(work, 'data'), path);
  } catch {
    // Another test process made it first.
  }
  rmSync(work, { recursive: true, force: true });
  return path;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Start a cluster. `durable: false` (tests) turns fsync off: commits are just as atomic and
 * ordered, only not flushed to the disk. Benchmarks keep PostgreSQL's defaults.
 */
export async function startPgCluster(opts: { durable?: boolean } = {}): Promise<PgCluster> {
  const bin = binDir();
  const dir = owned(mkdtempSync(join(tmpdir(), 'jinying-pg-')));
  const data = join(dir, 'data');
  cpSync(template(bin), data, { recursive: true, preserveTimestamps: true });
  // PostgreSQL refuses a data folder others can read; Node 22's cpSync makes the top folder 0755
  // (Node 20 keeps the source's 0700).
  chmodSync(data, 0o700);
  if (asRoot) spawnSync('chown', ['-R', 'postgres:postgres', data]);
  const settings = [
    '-c listen_addresses=127.0.0.1',
    `-k ${dir}`,
    '-c max_connections=100',
    // Durable (benchmarks): what a hub's server would have; WAL buffers big enough for a group commit.
    ...(opts.durable
      ? ['-c shared_buffers=256MB', '-c wal_buffers=16MB', '-c max_wal_size=2GB']
      : ['-c shared_buffers=32MB', '-c fsync=off', '-c full_page_writes=off']),
  ];
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      pgTool(bin, 'pg_ctl', [
        '-D',
        data,
        '-l',
        join(dir, 'log'),
        '-w',
        '-t',
        '60',
        '-o',
        `-p ${port} ${settings.join(' ')}`,
        'start',
      ]);
      break;
    } catch (e) {
      // Someone took the port between our probe and the start: another one.
      if (attempt >= 3) {
        // pg_ctl only says "examine the log output": put the server's log in the error.
        const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').slice(-2000) : '';
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`${(e as Error).message}\nserver log:\n${log}`);
      }
    }
  }
  let n = 0;
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      pgTool(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', stop);
  return {
    version: bin.split('/').at(-2) ?? '?',
    port,
    dir,
    url,
    stop,
    createDatabase: async (name = `hub_${process.pid}_${++n}`) => {
      const c = new pg.Client({ connectionString: url('postgres') });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${name}"`);
      } finally {
        await c.end();
      }
      return url(name);
    },
  };
}

let shared: Promise<PgCluster> | null = null;

/** One cluster per test file, started on first use (each hub gets its own database in it). */
export function testPgCluster(): Promise<PgCluster> {
  shared ??= startPgCluster();
  return shared;
}

/** Stop this file's cluster, if it started one (tests/support/pgTeardown.ts runs it after each file). */
export async function stopTestPgCluster(): Promise<void> {
  const c = shared;
  shared = null;
  if (c) (await c).stop();
}
