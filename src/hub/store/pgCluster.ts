import pg from 'pg';
import type { EntityState } from '../../shared/sync/merge';
import type { ClientSeqsRow } from './seen';

/** The channel every commit notifies (COMMIT_SQL in postgres.ts): other nodes wake on it. */
export const HUB_CHANNEL = 'jinying_hub_log';

/** What other nodes committed since a node's head: enough to bring its memory and its clients up to date. */
export interface CatchUp {
  headSeq: number;
  version: number;
  /** The new log rows in seq order: [seq, at, op JSON]. */
  log: [number, string, string | null][];
  entities: [entity: string, id: string, state: EntityState][];
  clientSeqs: ClientSeqsRow[];
  receipts: { assignmentId: string; clientId: string; seq: number }[];
  meta: Map<string, string>;
}

/**
 * Read, in one REPEATABLE READ snapshot, what was committed after `fromHead`/`version`: the head,
 * the log rows, the entities and receipts with a larger seq, the client seq sets written by a
 * later version, and the meta. Null when the head and version are where this node left them.
 */
export async function readCatchUp(pool: pg.Pool, fromHead: number, version: number): Promise<CatchUp | null> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const head = (
      await c.query<{ seq: number; version: number }>('SELECT seq, version FROM hub_head WHERE id = 1')
    ).rows[0]!;
    if (head.seq === fromHead && head.version === version) {
      await c.query('COMMIT');
      return null;
    }
    const q = <R extends unknown[]>(text: string, values: unknown[]) =>
      c.query<R>({ text, values, rowMode: 'array' }).then((r) => r.rows);
    const log = await q<[number, string, string | null]>(
      'SELECT seq, at, op FROM log WHERE seq > $1 AND seq <= $2 ORDER BY seq',
      [fromHead, head.seq],
    );
    const entities = (
      await q<[string, string, string, string, string | null]>(
        'SELECT entity, entity_id, fields, clocks, deleted_hlc FROM entities WHERE seq > $1',
        [fromHead],
      )
    ).map(([e, id, fields, clocks, deletedHlc]): [string, string, EntityState] => [
      e,
      id,
      {
        fields: JSON.parse(fields) as Record<string, unknown>,
        clocks: JSON.parse(clocks) as Record<string, string>,
        deletedHlc,
      },
    ]);
    const clientSeqs = (
      await q<[string, number, string]>(
        'SELECT client_id, up_to, above FROM client_seqs WHERE version > $1',
        [version],
      )
    ).map(([clientId, upTo, above]) => ({ clientId, upTo, above }));
    const receipts = (
      await q<[string, string, number]>('SELECT assignment_id, client_id, seq FROM receipts WHERE seq > $1', [
        fromHead,
      ])
    ).map(([assignmentId, clientId, seq]) => ({ assignmentId, clientId, seq }));
    const meta = new Map(await q<[string, string]>('SELECT key, value FROM meta', []));
    await c.query('COMMIT');
    return { headSeq: head.seq, version: head.version, log, entities, clientSeqs, receipts, meta };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/**
 * LISTEN on the commit channel over a connection of its own; `wake` is called for every
 * notification. A lost connection is reported and made again after a second (meanwhile the
 * node's periodic check covers it). Resolves to the function that stops listening.
 */
export async function listenForCommits(
  url: string,
  wake: () => void,
  onError: (e: Error) => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const open = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', () => wake());
    c.on('error', (e) => {
      onError(e);
      if (client === c) client = null;
      c.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void open().catch(onError), 1000);
    });
    await c.connect();
    await c.query(`LISTEN ${HUB_CHANNEL}`);
    if (stopped) await c.end();
    else {
      client = c;
      wake(); // whatever was committed while we were not listening
    }
  };
  await open();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
