import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { openHubStore } from '../../../src/hub/store';
import { migratePg, PG_MIGRATIONS } from '../../../src/hub/store/pgSchema';

/** The number of migrations this hub knows: the tests' own come after them. */
const N = PG_MIGRATIONS.length;
import { storeQuery } from './support';
import { testPgCluster } from '../../support/postgres';

const newDb = async () => ({ postgres: await (await testPgCluster()).createDatabase() });

async function withPool<T>(url: string, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

describe('hub schema on PostgreSQL: versioned migrations', () => {
  it('a new database gets every migration once, recorded; opening it again changes nothing', async () => {
    const at = await newDb();
    // Two hubs starting together on a new database: they take turns, each migration runs once.
    const [a, b] = await Promise.all([openHubStore(at), openHubStore(at)]);
    expect(a.hubId).toMatch(/^hub-/);
    expect(b.hubId).toBe(a.hubId);
    await Promise.all([a.close(), b.close()]);
    const applied = await storeQuery(at, 'SELECT version, name FROM hub_migrations ORDER BY version');
    expect(applied).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(await storeQuery(at, 'SELECT id, seq FROM hub_head')).toEqual([{ id: 1, seq: 0 }]);
    const again = await openHubStore(at);
    expect(again.head()).toEqual({ headSeq: 0, minSeq: 1 });
    await again.close();
    expect(await storeQuery(at, 'SELECT count(*)::int AS n FROM hub_migrations')).toEqual([
      { n: PG_MIGRATIONS.length },
    ]);
  });

  it('a later migration is applied to a database of the earlier schema, in its own transaction', async () => {
    const at = await newDb();
    await (await openHubStore(at)).close();
    const next = [
      ...PG_MIGRATIONS,
      { version: N + 1, name: 'test-note', sql: 'ALTER TABLE meta ADD COLUMN note text' },
    ];
    await withPool(at.postgres, (pool) => migratePg(pool, 'test', next));
    expect(
      (await storeQuery(at, 'SELECT version, name FROM hub_migrations ORDER BY version')).at(-1),
    ).toEqual({
      version: N + 1,
      name: 'test-note',
    });
    expect(
      await storeQuery(
        at,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'meta' AND column_name = 'note'",
      ),
    ).toHaveLength(1);
    // A migration that fails leaves the schema as it was.
    const broken = [
      ...next,
      { version: N + 2, name: 'test-broken', sql: 'ALTER TABLE meta ADD COLUMN x text; SELECT 1/0' },
    ];
    await expect(withPool(at.postgres, (pool) => migratePg(pool, 'test', broken))).rejects.toThrow(
      /division by zero/,
    );
    expect(await storeQuery(at, 'SELECT max(version) AS v FROM hub_migrations')).toEqual([{ v: N + 1 }]);
    expect(
      await storeQuery(
        at,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'meta' AND column_name = 'x'",
      ),
    ).toEqual([]);
  });

  it('refuses, untouched, a database from a newer hub or with another history', async () => {
    const newer = await newDb();
    await withPool(newer.postgres, (pool) =>
      migratePg(pool, 'test', [
        ...PG_MIGRATIONS,
        { version: N + 1, name: 'future', sql: 'CREATE TABLE future (x int)' },
      ]),
    );
    await expect(openHubStore(newer)).rejects.toThrow(
      new RegExp(`newer hub \\(schema ${N + 1}; this one knows ${N}\\)\\. It was not changed`),
    );
    const other = await newDb();
    await withPool(other.postgres, (pool) =>
      migratePg(pool, 'test', [{ version: 1, name: 'someone-else', sql: 'CREATE TABLE theirs (x int)' }]),
    );
    await expect(openHubStore(other)).rejects.toThrow(
      /history that does not match this version \(at 1 "someone-else"\)/,
    );
    expect(
      await storeQuery(
        other,
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'log'",
      ),
    ).toEqual([{ n: 0 }]);
  });
});
