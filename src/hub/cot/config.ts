import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import * as z from 'zod';
import { Id } from '../../shared/domain/primitives';
import { UnitStatus } from '../../shared/domain/unit';
import { describeIssue } from '../../shared/util/issues';
import { parseUntrustedJson } from '../../shared/util/protoKeys';

/**
 * The hub's Cursor-on-Target bridge (docs/interop.md, "Cursor-on-Target"): where it listens, the
 * limits it keeps, and which field device stands for which Jinying unit (`--cot-map FILE`).
 */

/** One field device (its CoT `uid`) standing for one Jinying unit. */
export const CotDevice = z
  .object({
    /** The device's CoT event uid, e.g. ANDROID-5f2c0e…; at most 200 characters. */
    uid: z.string().min(1).max(200),
    /** The Jinying unit its position reports move. */
    unit: Id,
    /** Take the unit's status from this device's reports (through `status` below); default: no. */
    status: z.boolean().default(false),
  })
  .strict();

/** What a device's report says → a unit status; only for devices with `status: true`. */
export const CotStatusMap = z
  .object({
    /** `<status readiness="true|false"/>` (ATAK's readiness flag). */
    readiness: z.partialRecord(z.enum(['true', 'false']), UnitStatus).default({}),
    /** `<remarks>` text, matched whole after trimming (e.g. "到达现场": "on_scene"). */
    remarks: z.record(z.string().min(1).max(100), UnitStatus).default({}),
  })
  .strict();

export const CotMap = z
  .object({
    devices: z.array(CotDevice).max(10_000),
    status: CotStatusMap.default({ readiness: {}, remarks: {} }),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.devices.forEach((d, i) => {
      if (seen.has(d.uid))
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'uid'], message: `uid "${d.uid}" listed twice` });
      seen.add(d.uid);
    });
  });
export type CotMap = z.infer<typeof CotMap>;

export interface CotTlsConfig {
  port: number;
  cert: Buffer;
  key: Buffer;
  /** The CA(s) that sign the field devices' client certificates: a client without one is refused. */
  ca: Buffer;
}

export interface CotMulticastConfig {
  group: string;
  port: number;
  /** The IPv4 address of the interface to join the group on (null: the system's choice). */
  iface: string | null;
}

export interface CotLimits {
  /** One CoT message, XML or protobuf: a larger one is refused and its stream closed. */
  maxMessageBytes: number;
  /** Messages a connection (or a UDP sender) may send per second, and the burst above it. */
  ratePerSecond: number;
  burst: number;
  /** Reports waiting for the hub's commit: above this, new ones are refused (the hub is behind). */
  maxPending: number;
  /** Stream connections at once (plain and TLS together). */
  maxConnections: number;
}

export const DEFAULT_LIMITS: CotLimits = {
  maxMessageBytes: 64 * 1024,
  ratePerSecond: 50,
  burst: 200,
  maxPending: 20_000,
  maxConnections: 500,
};

export interface CotConfig {
  host: string;
  /**
   * The bridge's own hub token (`--cot-token-file FILE`): a `field-commander` token with no unit,
   * issued by the hub's administrator. Its id goes on every op the bridge writes, so revoking it
   * (or its expiry) stops the bridge like any console; its organisation is stamped on the ops.
   */
  token: string;
  /** Plain TCP streaming (TAK Server's convention: 8087). */
  tcpPort: number | null;
  tls: CotTlsConfig | null;
  multicast: CotMulticastConfig | null;
  map: CotMap;
  limits: CotLimits;
  /** How long sent events stay fresh (their `stale`), and how often they are sent again. */
  staleSeconds: number;
  refreshSeconds: number;
  /**
   * County outlines by GB/T 2260 adcode (`--cot-counties FILE`, the map pack's county GeoJSON), so a
   * warning drawn by county is sent as its counties' shapes; without it such warnings travel by name
   * in the remarks of their drawn rings only.
   */
  counties?: Map<string, [number, number][][]>;
}

/** The most link points one shape may carry (TAK clients draw heavy shapes slowly). */
const MAX_SHAPE_POINTS = 300;

/** Outer rings by adcode from a county GeoJSON (district_adcode or adcode), thinned to MAX_SHAPE_POINTS. */
export function loadCotCounties(file: string): Map<string, [number, number][][]> {
  let fc: {
    features?: {
      properties?: Record<string, unknown> | null;
      geometry?: { type: string; coordinates: unknown } | null;
    }[];
  };
  try {
    fc = parseUntrustedJson(readFileSync(file, 'utf8'), file) as typeof fc;
  } catch (e) {
    throw new Error(`--cot-counties ${file} could not be read: ${(e as Error).message}`);
  }
  const out = new Map<string, [number, number][][]>();
  for (const f of fc.features ?? []) {
    const p = f.properties ?? {};
    const adcode = String(p.district_adcode ?? p.adcode ?? '');
    if (!/^\d{6}$/.test(adcode) || !f.geometry) continue;
    const g = f.geometry;
    const polys = (
      g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []
    ) as [number, number][][][];
    const rings = polys
      .map((poly) => {
        const ring = poly[0] ?? [];
        const step = Math.max(1, Math.ceil(ring.length / MAX_SHAPE_POINTS));
        const kept = ring.slice(0, -1).filter((_, i) => i % step === 0);
        return [...kept, kept[0]!];
      })
      .filter((r) => r.length >= 4);
    if (rings.length) out.set(adcode, rings);
  }
  if (out.size === 0) throw new Error(`--cot-counties ${file} holds no county polygon with a 6-digit adcode`);
  return out;
}

export function loadCotMap(file: string): CotMap {
  let raw: unknown;
  try {
    raw = parseUntrustedJson(readFileSync(file, 'utf8'), file);
  } catch (e) {
    throw new Error(`--cot-map ${file} could not be read: ${(e as Error).message}`);
  }
  const parsed = CotMap.safeParse(raw);
  if (!parsed.success) throw new Error(describeIssue(`--cot-map ${file}`, parsed.error));
  return parsed.data;
}

/** `GROUP:PORT[,IFACE]`, IFACE an interface name (eth0) or one of its IPv4 addresses. */
export function parseMulticast(text: string): CotMulticastConfig {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})(?:,(.+))?$/.exec(text.trim());
  if (!m)
    throw new Error(`--cot-multicast must be GROUP:PORT[,IFACE] (e.g. 239.2.3.1:6969,eth0), not "${text}"`);
  const group = m[1]!;
  const first = Number(group.split('.')[0]);
  if (first < 224 || first > 239 || group.split('.').some((o) => Number(o) > 255))
    throw new Error(`--cot-multicast: ${group} is not an IPv4 multicast group (224.0.0.0–239.255.255.255)`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new Error(`--cot-multicast: port ${m[2]} is not 1..65535`);
  return { group, port, iface: m[3] ? interfaceAddress(m[3]) : null };
}

function interfaceAddress(iface: string): string {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(iface)) return iface;
  const v4 = (networkInterfaces()[iface] ?? []).find((a) => a.family === 'IPv4');
  if (!v4) throw new Error(`--cot-multicast: interface "${iface}" has no IPv4 address here`);
  return v4.address;
}

export function parsePort(flag: string, text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${flag} must be 0..65535, not "${text}"`);
  return port;
}

/** The bridge's configuration from the hub's flags; null when no CoT flag was given. */
export function cotConfigFromFlags(v: {
  host: string;
  tcp?: string;
  tls?: string;
  cert?: string;
  key?: string;
  ca?: string;
  multicast?: string;
  map?: string;
  counties?: string;
  tokenFile?: string;
}): CotConfig | null {
  if (v.tcp === undefined && v.tls === undefined && v.multicast === undefined) {
    if (v.map || v.cert || v.key || v.ca || v.tokenFile)
      throw new Error(
        '--cot-map, --cot-token-file, --cot-cert, --cot-key and --cot-ca need --cot-tcp, --cot-tls or --cot-multicast',
      );
    return null;
  }
  if (!v.map) throw new Error('the CoT bridge needs --cot-map FILE (which device uid is which unit)');
  if (!v.tokenFile)
    throw new Error(
      'the CoT bridge needs --cot-token-file FILE: a hub token of its own (token create --role field-commander --name "CoT 网关"), so it can be revoked',
    );
  let token: string;
  try {
    token = readFileSync(v.tokenFile, 'utf8').trim();
  } catch (e) {
    throw new Error(`--cot-token-file ${v.tokenFile} could not be read: ${(e as Error).message}`);
  }
  if (!token)
    throw new Error(`--cot-token-file ${v.tokenFile} is empty: put the token printed by token create in it`);
  let tls: CotTlsConfig | null = null;
  if (v.tls !== undefined) {
    if (!v.cert || !v.key || !v.ca)
      throw new Error(
        '--cot-tls needs --cot-cert FILE, --cot-key FILE and --cot-ca FILE (client certificates are required)',
      );
    const read = (flag: string, f: string) => {
      try {
        return readFileSync(f);
      } catch (e) {
        throw new Error(`${flag} ${f} could not be read: ${(e as Error).message}`);
      }
    };
    tls = {
      port: parsePort('--cot-tls', v.tls),
      cert: read('--cot-cert', v.cert),
      key: read('--cot-key', v.key),
      ca: read('--cot-ca', v.ca),
    };
  }
  return {
    host: v.host,
    token,
    tcpPort: v.tcp === undefined ? null : parsePort('--cot-tcp', v.tcp),
    tls,
    multicast: v.multicast === undefined ? null : parseMulticast(v.multicast),
    map: loadCotMap(v.map),
    limits: DEFAULT_LIMITS,
    staleSeconds: 300,
    refreshSeconds: 60,
    ...(v.counties ? { counties: loadCotCounties(v.counties) } : {}),
  };
}
