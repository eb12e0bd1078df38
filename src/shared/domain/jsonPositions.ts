import { PROTOTYPE_KEYS, prototypeKeyMessage } from '../util/protoKeys';

/**
 * A small JSON parser that records where every value starts, so a schema error deep inside a
 * scenario file can name its line and column (JSON.parse only gives a character offset for
 * syntax errors, and nothing for valid JSON that breaks the schema). Keys that reach the
 * prototype machinery (`__proto__`, `constructor`, `prototype`) are refused where they stand.
 */
export interface JsonPosition {
  line: number; // 1-based
  column: number; // 1-based
}

export type JsonParseResult =
  | { ok: true; value: unknown; positions: Map<string, JsonPosition> }
  // `refusedKeyPath` (e.g. `units[0].__proto__`) is set when the failure is a prototype key, not the syntax.
  | { ok: false; message: string; position: JsonPosition; refusedKeyPath?: string | undefined };

/** Path key used in `positions`: segments joined by "/" ("" is the root). */
export function pathKey(path: readonly (string | number)[]): string {
  return path.map(String).join('/');
}

/** A path as people read it, e.g. `units[3].position[1]` ("(root)" for the document itself). */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s ? `.${String(seg)}` : String(seg);
  return s || '(root)';
}

/**
 * A failed parse as one line: `file:line:column: not valid JSON: …`, or for a refused key
 * `file:line:column path: keys named … are not allowed`.
 */
export function describeParseFailure(r: Extract<JsonParseResult, { ok: false }>, source: string): string {
  const at = `${source}:${r.position.line}:${r.position.column}`;
  return r.refusedKeyPath !== undefined ? `${at} ${r.message}` : `${at}: not valid JSON: ${r.message}`;
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly refusedKeyPath?: string,
  ) {
    super(message);
  }
}

export function parseJsonWithPositions(text: string): JsonParseResult {
  const positions = new Map<string, JsonPosition>();
  // Line starts, for offset → line/column.
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const toPos = (offset: number): JsonPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
  };

  let i = 0;
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (msg: string): never => {
    throw new JsonSyntaxError(msg, i);
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    let s = '';
    while (true) {
      if (i >= text.length) {
        i = start;
        fail('unterminated string');
      }
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return s;
      }
      if (ch === '\\') {
        const esc = text[i + 1];
        const map: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (esc === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape in string');
          s += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (esc !== undefined && esc in map) {
          s += map[esc];
          i += 2;
        } else fail('bad escape in string');
      } else {
        if (ch.charCodeAt(0) < 0x20) fail('control character in string');
        s += ch;
        i++;
      }
    }
  };
  const value = (path: (string | number)[], depth: number): unknown => {
    if (depth > 200) fail('nesting deeper than 200 levels');
    ws();
    positions.set(pathKey(path), toPos(i));
    const ch = text[i];
    if (ch === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      while (true) {
        ws();
        if (text[i] !== '"') fail('expected a property name in double quotes');
        const keyAt = i;
        const key = str();
        if (PROTOTYPE_KEYS.has(key)) {
          const where = formatPath([...path, key]);
          throw new JsonSyntaxError(prototypeKeyMessage(where), keyAt, where);
        }
        ws();
        if (text[i] !== ':') fail(`expected ":" after property "${key}"`);
        i++;
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`property "${key}" appears twice`);
        Object.defineProperty(obj, key, {
          value: value([...path, key], depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail('expected "," or "}" in object');
      }
    }
    if (ch === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      while (true) {
        arr.push(value([...path, arr.length], depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail('expected "," or "]" in array');
      }
    }
    if (ch === '"') return str();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (m) {
      i += m[0].length;
      return Number(m[0]);
    }
    for (const [lit, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return v;
      }
    }
    return fail(i >= text.length ? 'unexpected end of file' : `unexpected character "${ch}"`);
  };

  try {
    const v = value([], 0);
    ws();
    if (i < text.length) fail('unexpected text after the end of the JSON document');
    return { ok: true, value: v, positions };
  } catch (e) {
    if (e instanceof JsonSyntaxError)
      return { ok: false, message: e.message, position: toPos(e.offset), refusedKeyPath: e.refusedKeyPath };
    throw e;
  }
}
