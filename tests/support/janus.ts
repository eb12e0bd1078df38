/**
 * A real Janus (Debian's janus 1.1.2) for tests. Janus refuses the loopback interface for media, so
 * each test gets its own network namespace joined to the host by a veth pair (10.200.<n>.0/30: the
 * host end .1, Janus's end .2), made here and removed by `close()`, on failure too. Janus runs
 * inside the namespace from a generated configuration in a temporary folder: only the VideoRoom and
 * AudioBridge plugins, only the plain HTTP API, bound to the veth address, rooms created only with
 * the admin key. Needs root (`ip netns`), which our test machines and CI are.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LIB = '/usr/lib/x86_64-linux-gnu/janus';
const UNWANTED_PLUGINS = ['duktape', 'echotest', 'lua', 'nosip', 'recordplay', 'sip', 'streaming', 'textroom']
  .concat(['videocall', 'voicemail'])
  .map((p) => `libjanus_${p}.so`);
const UNWANTED_TRANSPORTS = ['mqtt', 'nanomsg', 'pfunix', 'rabbitmq', 'websockets'].map(
  (t) => `libjanus_${t}.so`,
);

export interface TestNetwork {
  /** Namespace name (`ip netns`). */
  ns: string;
  /** The veth end on the host (e.g. 10.200.7.1): where coturn listens, what the browser sends from. */
  hostIp: string;
  /** The veth end inside the namespace (e.g. 10.200.7.2): Janus's API and media address. */
  nsIp: string;
  /** The namespace's interface name (Janus's ICE enforce list). */
  nsIf: string;
  remove: () => void;
}

const run = (args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const quiet = (args: string[]) => {
  try {
    run(args);
  } catch {
    /* already gone */
  }
};

/** Namespaces left by a test process that died before its teardown (name carries its pid). */
function sweepStale(): void {
  let list = '';
  try {
    list = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  } catch {
    return;
  }
  for (const m of list.matchAll(/^(jyt-(\d+)-(\d+))\b/gm)) {
    const pid = Number(m[2]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) {
      quiet(['netns', 'del', m[1]!]);
      quiet(['link', 'del', `jyh${m[3]}`]);
    }
  }
}

/** A namespace with a veth pair to the host, on a /30 no other test is using. */
export function createTestNetwork(): TestNetwork {
  sweepStale();
  const used = execFileSync('ip', ['-br', 'addr'], { encoding: 'utf8' });
  let n = -1;
  for (let tries = 0; tries < 50; tries++) {
    const c = 1 + Math.floor(Math.random() * 250);
    if (!used.includes(`10.200.${c}.`)) {
      n = c;
      break;
    }
  }
  if (n < 0) throw new Error('no free 10.200.x.0/30 for a test network');
  const ns = `jyt-${process.pid}-${n}`;
  const hostIf = `jyh${n}`;
  const nsIf = `jyj${n}`;
  const hostIp = `10.200.${n}.1`;
  const nsIp = `10.200.${n}.2`;
  const remove = () => {
    quiet(['netns', 'del', ns]);
    quiet(['link', 'del', hostIf]);
  };
  try {
    run(['netns', 'add', ns]);
    run(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
    run(['link', 'set', nsIf, 'netns', ns]);
    run(['addr', 'add', `${hostIp}/30`, 'dev', hostIf]);
    run(['link', 'set', hostIf, 'up']);
    run(['-n', ns, 'addr', 'add', `${nsIp}/30`, 'dev', nsIf]);
    run(['-n', ns, 'link', 'set', nsIf, 'up']);
    run(['-n', ns, 'link', 'set', 'lo', 'up']);
  } catch (e) {
    remove();
    throw new Error(`could not create the test network (needs root and iproute2): ${(e as Error).message}`);
  }
  return { ns, hostIp, nsIp, nsIf, remove };
}

export interface JanusServer {
  net: TestNetwork;
  /** Janus's HTTP API, e.g. http://10.200.7.2:8088/janus */
  apiUrl: string;
  /** The plugins' admin key (room creation). */
  adminKey: string;
  output: () => string;
  /** Janus's process id (its CPU time is in /proc/<pid>/stat), null while stopped. */
  pid: () => number | null;
  /** Stop Janus, keeping the network (to test what happens without it). */
  stop: () => Promise<void>;
  /** Start it again after `stop`. */
  start: () => Promise<void>;
  /** Stop Janus and remove the namespace, the veth pair and the configuration. */
  close: () => Promise<void>;
}

function writeConfig(dir: string, net: TestNetwork, adminKey: string): void {
  writeFileSync(
    join(dir, 'janus.jcfg'),
    `general: {
  configs_folder = "${dir}"
  plugins_folder = "${LIB}/plugins"
  transports_folder = "${LIB}/transports"
  events_folder = "${LIB}/events"
  loggers_folder = "${LIB}/loggers"
  debug_level = 4
  interface = "${net.nsIp}"
  server_name = "jinying-test"
  session_timeout = 60
  protected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sbin", "/sys", "/usr", "/var"]
}
media: { rtp_port_range = "20000-40000" }
nat: { ice_enforce_list = "${net.nsIf}" }
plugins: { disable = "${UNWANTED_PLUGINS.join(',')}" }
transports: { disable = "${UNWANTED_TRANSPORTS.join(',')}" }
events: { broadcast = false }
loggers: { disable = "libjanus_jsonlog.so" }
`,
  );
  writeFileSync(
    join(dir, 'janus.transport.http.jcfg'),
    `general: { json = "plain"  base_path = "/janus"  http = true  port = 8088  ip = "${net.nsIp}"  https = false }
admin: { admin_http = false }
`,
  );
  const plugin = `general: { admin_key = "${adminKey}"  lock_rtp_forward = true }\n`;
  writeFileSync(join(dir, 'janus.plugin.videoroom.jcfg'), plugin);
  writeFileSync(join(dir, 'janus.plugin.audiobridge.jcfg'), plugin);
}

async function waitForApi(apiUrl: string, child: ChildProcess, out: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`janus exited with ${child.exitCode}:\n${out().slice(-3000)}`);
    try {
      const r = await fetch(`${apiUrl}/info`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`janus did not answer at ${apiUrl} in time:\n${out().slice(-3000)}`);
}

/** Start Janus in a fresh namespace; resolves once its HTTP API answers. */
export async function startJanus(): Promise<JanusServer> {
  const net = createTestNetwork();
  const dir = mkdtempSync(join(tmpdir(), 'jinying-janus-'));
  const adminKey = `jk-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const apiUrl = `http://${net.nsIp}:8088/janus`;
  let out = '';
  let child: ChildProcess | null = null;
  const cleanupFiles = () => rmSync(dir, { recursive: true, force: true });

  const start = async () => {
    const c = spawn('ip', ['netns', 'exec', net.ns, 'janus', '-C', join(dir, 'janus.jcfg'), '-F', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    c.stdout!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-200_000)));
    c.stderr!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-200_000)));
    await waitForApi(apiUrl, c, () => out);
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  };
  try {
    writeConfig(dir, net, adminKey);
    await start();
  } catch (e) {
    await stop();
    net.remove();
    cleanupFiles();
    throw e;
  }
  return {
    net,
    apiUrl,
    adminKey,
    output: () => out,
    pid: () => (child as ChildProcess | null)?.pid ?? null,
    stop,
    start,
    close: async () => {
      await stop();
      net.remove();
      cleanupFiles();
    },
  };
}
