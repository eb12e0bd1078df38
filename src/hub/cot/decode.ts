import { CoTParser } from '@tak-ps/node-cot';
import type { Frame } from './framing';

/**
 * One CoT message → what the bridge uses of it, or the reason it is refused. Parsing and the
 * schema check are node-cot's (`CoTParser.from_xml` / `from_proto`: xml-js over sax in strict
 * mode, then its JSON schema); before it, the bytes are checked here (UTF-8, no DOCTYPE or entity
 * declarations, a bounded number of elements), and after it every value the bridge uses.
 */
export interface CotReport {
  uid: string;
  type: string;
  how: string;
  /** Milliseconds since the epoch. */
  time: number;
  stale: number;
  lat: number;
  lon: number;
  hae: number;
  ce: number;
  le: number;
  callsign: string | null;
  readiness: 'true' | 'false' | null;
  remarks: string | null;
}

/** Why a message was refused, for the counters: the words go to the log. */
export type RefusalCode =
  'not-utf8' | 'declaration' | 'too-many-elements' | 'unreadable' | 'malformed' | 'clock-ahead' | 'stale';

export type Decoded = { ok: true; report: CotReport } | { ok: false; code: RefusalCode; reason: string };

/** CoT's "unknown" for ce/le/hae (ATAK sends a point with ce 9999999 when it has no fix). */
export const CE_UNKNOWN = 9_999_999;
/** A report dated further ahead of the hub's clock than this is refused (a device's clock is wrong). */
export const MAX_AHEAD_MS = 60_000;
/** Elements in one message: CoT events hold a few dozen. */
const MAX_ELEMENTS = 2_000;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const DECLARATION = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i;
const UID_BAD = /[<>&"]/;
/** 1–200 characters, none of them a control character or one of < > & ". */
const validUid = (s: string) =>
  s.length >= 1 &&
  s.length <= 200 &&
  !UID_BAD.test(s) &&
  ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const TYPE = /^[A-Za-z0-9_.-]{1,100}$/;
const HOW = /^[A-Za-z0-9_.-]{0,40}$/;

const fail = (code: RefusalCode, reason: string): Decoded => ({ ok: false, code, reason });
const first = (text: string) => text.replace(/\s+/g, ' ').slice(0, 60);

export async function decodeFrame(frame: Frame, now: number): Promise<Decoded> {
  let cot;
  try {
    if (frame.kind === 'xml') {
      let text: string;
      try {
        text = utf8.decode(frame.bytes);
      } catch {
        return fail('not-utf8', 'XML that is not UTF-8');
      }
      if (DECLARATION.test(text))
        return fail('declaration', 'XML with a DOCTYPE or entity declaration (not accepted)');
      if (countElements(text) > MAX_ELEMENTS)
        return fail('too-many-elements', `XML with more than ${MAX_ELEMENTS} elements`);
      cot = quiet(() => CoTParser.from_xml(text));
    } else {
      const latin = frame.bytes.toString('latin1');
      if (DECLARATION.test(latin))
        return fail('declaration', 'TAK protocol detail with a DOCTYPE or entity declaration');
      if (countElements(latin) > MAX_ELEMENTS)
        return fail('too-many-elements', `TAK protocol detail with more than ${MAX_ELEMENTS} elements`);
      cot = await quiet(() => CoTParser.from_proto(frame.bytes));
    }
  } catch (e) {
    return fail(
      'unreadable',
      `${frame.kind === 'xml' ? 'XML' : 'TAK protocol message'} node-cot could not read: ${first(String((e as Error)?.message ?? e))}`,
    );
  }
  return check(cot.raw as unknown as RawEvent, now);
}

interface RawEvent {
  event?: {
    _attributes?: Record<string, unknown>;
    point?: { _attributes?: Record<string, unknown> };
    detail?: Record<string, { _attributes?: Record<string, unknown>; _text?: unknown } | undefined>;
  };
}

/**
 * node-cot's errors (@openaddresses/batch-error) print themselves with console.warn when made: a
 * flood of bad messages would flood the hub's output. Its parsers run synchronously (from_proto is
 * async without an await inside), so the warning is silenced for the call only; the bridge logs
 * its own reason, rate-limited, instead.
 */
function quiet<T>(fn: () => T): T {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    return fn();
  } finally {
    console.warn = warn;
  }
}

function countElements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('<'); i >= 0 && n <= MAX_ELEMENTS; i = text.indexOf('<', i + 1)) n++;
  return n;
}

function check(raw: RawEvent, now: number): Decoded {
  const a = raw.event?._attributes;
  const p = raw.event?.point?._attributes;
  if (!a || !p) return fail('malformed', 'an event without its attributes or point');
  const uid = a.uid;
  if (typeof uid !== 'string' || !validUid(uid))
    return fail('malformed', 'an event uid that is missing, too long or has control characters');
  const type = a.type;
  if (typeof type !== 'string' || !TYPE.test(type))
    return fail('malformed', `event ${uid}: a missing or malformed type`);
  const how = typeof a.how === 'string' ? a.how : '';
  if (!HOW.test(how)) return fail('malformed', `event ${uid}: a malformed how`);
  const time = Date.parse(String(a.time));
  const stale = Date.parse(String(a.stale));
  if (!Number.isFinite(time) || !Number.isFinite(stale))
    return fail('malformed', `event ${uid}: time or stale is not a date`);
  if (time > now + MAX_AHEAD_MS)
    return fail(
      'clock-ahead',
      `event ${uid}: dated ${Math.round((time - now) / 1000)} s ahead of the hub (the device's clock is wrong)`,
    );
  if (stale < now) return fail('stale', `event ${uid}: already stale on arrival`);
  const num = (v: unknown) =>
    typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  const [lat, lon, hae, ce, le] = [p.lat, p.lon, p.hae, p.ce, p.le].map(num) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180))
    return fail('malformed', `event ${uid}: a point outside lat ±90, lon ±180`);
  if (!Number.isFinite(hae) || !(ce >= 0) || !(le >= 0))
    return fail('malformed', `event ${uid}: hae, ce or le is not a number`);
  const d = raw.event?.detail ?? {};
  const callsign = d.contact?._attributes?.callsign;
  const readiness = d.status?._attributes?.readiness;
  const remarks = d.remarks?._text;
  return {
    ok: true,
    report: {
      uid,
      type,
      how,
      time,
      stale,
      lat,
      lon,
      hae,
      ce,
      le,
      callsign: typeof callsign === 'string' ? callsign.slice(0, 100) : null,
      readiness:
        readiness === 'true' || readiness === true
          ? 'true'
          : readiness === 'false' || readiness === false
            ? 'false'
            : null,
      remarks: typeof remarks === 'string' ? remarks.trim().slice(0, 200) : null,
    },
  };
}
