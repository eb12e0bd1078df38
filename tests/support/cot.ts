/**
 * A Cursor-on-Target test client built with node-cot (what a field device's TAK software sends):
 * position reports as XML or TAK protocol v1 protobuf, framed for a stream or a mesh datagram,
 * over plain TCP or TLS; a reader that cuts what the bridge sends back into events; and a test CA
 * made with the openssl CLI (a CA, the bridge's server certificate, a device's client certificate).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import CoT, { CoTParser } from '@tak-ps/node-cot';

export interface Position {
  uid: string;
  lon: number;
  lat: number;
  /** Event time (default now). */
  time?: number;
  callsign?: string;
  ce?: number;
  remarks?: string;
  readiness?: boolean;
  type?: string;
  /** How long the report stays fresh (default 120 s). */
  staleSeconds?: number;
}

/** A position report (PLI) as ATAK sends it, built by node-cot from a GeoJSON point. */
export async function positionCot(p: Position): Promise<CoT> {
  const time = new Date(p.time ?? Date.now());
  const cot = await CoTParser.from_geojson({
    type: 'Feature',
    id: p.uid,
    properties: {
      type: p.type ?? 'a-f-G-U-C',
      how: 'm-g',
      callsign: p.callsign ?? p.uid,
      time: time.toISOString(),
      start: time.toISOString(),
      stale: new Date(time.getTime() + (p.staleSeconds ?? 120) * 1000).toISOString(),
      ...(p.remarks ? { remarks: p.remarks } : {}),
    },
    geometry: { type: 'Point', coordinates: [p.lon, p.lat, 800] },
  });
  cot.raw.event.point._attributes.ce = p.ce ?? 8;
  cot.raw.event.point._attributes.le = 12;
  if (p.readiness !== undefined)
    cot.raw.event.detail!.status = { _attributes: { readiness: p.readiness } } as never;
  return cot;
}

export const xmlMessage = (cot: CoT) =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${CoTParser.to_xml(cot)}`);

const varint = (n: number) => {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
};

/** TAK protocol streaming message: 0xbf, varint length, TakMessage. */
export async function protoStreamMessage(cot: CoT): Promise<Buffer> {
  const payload = Buffer.from(await CoTParser.to_proto(cot));
  return Buffer.concat([Buffer.from([0xbf]), varint(payload.length), payload]);
}

/** TAK protocol mesh datagram: 0xbf 0x01 0xbf, TakMessage. */
export async function protoMeshMessage(cot: CoT): Promise<Buffer> {
  return Buffer.concat([Buffer.from([0xbf, 0x01, 0xbf]), Buffer.from(await CoTParser.to_proto(cot))]);
}

/** A stream connection that collects the events the bridge sends. */
export interface CotStream {
  socket: Socket | TLSSocket;
  /** Every event received so far, parsed by node-cot. */
  events: () => CoT[];
  write: (b: Buffer | string) => Promise<void>;
  closed: Promise<void>;
  end: () => void;
}

function wrap(socket: Socket | TLSSocket): CotStream {
  let text = '';
  const events: CoT[] = [];
  socket.on('data', (d: Buffer) => {
    text += d.toString('utf8');
    let end: number;
    while ((end = text.indexOf('</event>')) >= 0) {
      events.push(CoTParser.from_xml(text.slice(0, end + 8)));
      text = text.slice(end + 8);
    }
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  return {
    socket,
    events: () => events,
    write: (b) => new Promise((resolve, reject) => socket.write(b, (e) => (e ? reject(e) : resolve()))),
    closed,
    end: () => socket.destroy(),
  };
}

export function connectCotTcp(port: number): Promise<CotStream> {
  return new Promise((resolve, reject) => {
    const s = netConnect(port, '127.0.0.1', () => resolve(wrap(s)));
    s.once('error', reject);
  });
}

export function connectCotTls(
  port: number,
  opts: { ca: Buffer; cert?: Buffer; key?: Buffer },
): Promise<CotStream> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ port, host: '127.0.0.1', servername: 'localhost', ...opts }, () =>
      resolve(wrap(s)),
    );
    s.once('error', reject);
  });
}

export interface TestCa {
  ca: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
  clientCert: Buffer;
  clientKey: Buffer;
  /** A client certificate from another CA (self-signed): must be refused. */
  strangerCert: Buffer;
  strangerKey: Buffer;
}

/** A throw-away CA with the bridge's certificate (127.0.0.1, localhost) and a device's, by openssl. */
export function makeTestCa(dir: string): TestCa {
  const ssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const key = (name: string) =>
    ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  key('ca');
  ssl(
    'req',
    '-x509',
    '-new',
    '-key',
    'ca.key',
    '-subj',
    '/CN=Jinying test CA',
    '-days',
    '2',
    '-out',
    'ca.crt',
  );
  const signed = (name: string, cn: string, ext: string) => {
    key(name);
    ssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
    writeFileSync(join(dir, `${name}.ext`), ext);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    );
  };
  signed('server', 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  signed('client', 'ANDROID-test-device', 'extendedKeyUsage=clientAuth\n');
  key('stranger');
  ssl(
    'req',
    '-x509',
    '-new',
    '-key',
    'stranger.key',
    '-subj',
    '/CN=stranger',
    '-days',
    '2',
    '-out',
    'stranger.crt',
  );
  const f = (n: string) => readFileSync(join(dir, n));
  return {
    ca: f('ca.crt'),
    serverCert: f('server.crt'),
    serverKey: f('server.key'),
    clientCert: f('client.crt'),
    clientKey: f('client.key'),
    strangerCert: f('stranger.crt'),
    strangerKey: f('stranger.key'),
  };
}
