/**
 * The prototype-key guard every boundary uses (src/shared/util/protoKeys.ts): keys named
 * `__proto__`, `constructor` or `prototype` are found at any depth and reported by path.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_JSON_DEPTH,
  parseUntrustedJson,
  prototypeKeyMessage,
  prototypeKeyPath,
} from '../../../../src/shared/util/protoKeys';

describe('prototypeKeyPath', () => {
  it('passes ordinary data, including values that merely look like the keys', () => {
    const record = {
      id: 'inc-1',
      fields: { reporter: '张三', note: '__proto__', tags: ['constructor', 'prototype'] },
      location: [112.5, 37.8],
    };
    expect(prototypeKeyPath(record)).toBeNull();
    expect(prototypeKeyPath(JSON.parse(JSON.stringify(record)))).toBeNull();
    for (const v of [null, undefined, 0, 'x', true, [], {}]) expect(prototypeKeyPath(v)).toBeNull();
  });

  it('reports each key by its path, at the top and deep inside', () => {
    expect(prototypeKeyPath(JSON.parse('{"__proto__": {"x": 1}}'))).toBe('(value).__proto__');
    expect(
      prototypeKeyPath(JSON.parse('{"fields": {"reporter": {"constructor": {"prototype": {}}}}}'), 'op'),
    ).toBe('op.fields.reporter.constructor');
    expect(prototypeKeyPath({ a: { b: { prototype: 1 } } }, 'file.json')).toBe('file.json.a.b.prototype');
  });

  it('looks inside arrays and names the index', () => {
    expect(
      prototypeKeyPath(JSON.parse('{"units": [{"id": "u1"}, {"id": "u2", "__proto__": {}}]}'), 's'),
    ).toBe('s.units[1].__proto__');
    expect(prototypeKeyPath(JSON.parse('[[{"constructor": 1}]]'), 'list')).toBe('list[0][0].constructor');
  });

  it('checks own keys only: the prototype chain of a normal object is not "a key"', () => {
    const inherited = Object.create({ constructor: 'inherited' }) as Record<string, unknown>;
    inherited.name = 'ok';
    expect(prototypeKeyPath(inherited)).toBeNull();
    expect(prototypeKeyPath(new Date(0))).toBeNull();
    // Non-enumerable own keys are not data either.
    expect(
      prototypeKeyPath(Object.defineProperty({}, 'constructor', { value: 1, enumerable: false })),
    ).toBeNull();
  });

  it('bounds the depth: nesting past MAX_JSON_DEPTH is reported, without overflowing the stack', () => {
    const nest = (n: number) => {
      let v: unknown = {};
      for (let i = 0; i < n; i++) v = { a: v };
      return v;
    };
    expect(prototypeKeyPath(nest(MAX_JSON_DEPTH))).toBeNull();
    expect(prototypeKeyPath(nest(MAX_JSON_DEPTH + 1))).toMatch(
      new RegExp(
        `^\\(value\\)(\\.a){${MAX_JSON_DEPTH + 1}} \\(nested deeper than ${MAX_JSON_DEPTH} levels\\)$`,
      ),
    );
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(prototypeKeyPath(JSON.parse(deep))).toMatch(/nested deeper than/);
  });
});

describe('prototypeKeyMessage and parseUntrustedJson', () => {
  it('words a refused key with its path, and too deep a nesting as such', () => {
    expect(prototypeKeyMessage('x.__proto__')).toBe(
      'x.__proto__: keys named __proto__, constructor or prototype are not allowed',
    );
    expect(prototypeKeyMessage(`x.a (nested deeper than ${MAX_JSON_DEPTH} levels)`)).toMatch(
      /nesting that deep is not allowed$/,
    );
  });

  it('parses ordinary JSON and refuses a prototype key, naming the input and the path', () => {
    expect(parseUntrustedJson('{"a": [1, {"b": "constructor"}]}', 'in.json')).toEqual({
      a: [1, { b: 'constructor' }],
    });
    expect(() => parseUntrustedJson('{"a": [1, {"__proto__": {"polluted": true}}]}', 'in.json')).toThrow(
      'in.json.a[1].__proto__: keys named __proto__, constructor or prototype are not allowed',
    );
    // An escaped key is the same key once parsed.
    expect(() => parseUntrustedJson('{"\\u005f_proto__": {}}', 'in.json')).toThrow(/in\.json\.__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => parseUntrustedJson('{oops', 'in.json')).toThrow(SyntaxError);
  });
});
