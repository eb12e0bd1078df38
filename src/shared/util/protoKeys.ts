/**
 * Keys that reach an object's prototype machinery. Input that becomes an object (hub ops, IPC
 * requests, files, CLI JSON) may not carry them at any depth: `JSON.parse` keeps `"__proto__"` as
 * an own property, but the first spread, `Object.assign` or schema copy turns it into a prototype
 * change, and `constructor`/`prototype` are the other half of every known pollution gadget. No
 * record of ours has a field by these names.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Nesting deeper than this is refused too: no record of ours is deeper than a few levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * The path of the first prototype key in a JSON-like value (e.g. `fields.reporter.__proto__`), or
 * null when there is none. Own enumerable keys only, iteratively, so hostile nesting cannot
 * overflow the stack; a value nested deeper than MAX_JSON_DEPTH is reported at the depth reached.
 */
export function prototypeKeyPath(value: unknown, root = '(value)'): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > MAX_JSON_DEPTH) return `${path} (nested deeper than ${MAX_JSON_DEPTH} levels)`;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++)
        if (typeof v[i] === 'object' && v[i] !== null) stack.push([v[i], `${path}[${i}]`, depth + 1]);
      continue;
    }
    for (const k of Object.keys(v)) {
      if (PROTOTYPE_KEYS.has(k)) return `${path}.${k}`;
      const child = (v as Record<string, unknown>)[k];
      if (typeof child === 'object' && child !== null) stack.push([child, `${path}.${k}`, depth + 1]);
    }
  }
  return null;
}

/** The message for a refused prototype key (or nesting too deep), naming where it was. */
export function prototypeKeyMessage(path: string): string {
  if (path.endsWith(` (nested deeper than ${MAX_JSON_DEPTH} levels)`))
    return `${path}: nesting that deep is not allowed`;
  return `${path}: keys named __proto__, constructor or prototype are not allowed`;
}

/**
 * `JSON.parse` for untrusted text: throws a SyntaxError-like Error naming the path of a prototype
 * key (`what` names the input, e.g. the file). Use it wherever a file, a CLI argument or a
 * message body becomes an object.
 */
export function parseUntrustedJson(text: string, what = '(value)'): unknown {
  const v = JSON.parse(text) as unknown;
  const bad = prototypeKeyPath(v, what);
  if (bad) throw new Error(prototypeKeyMessage(bad));
  return v;
}
