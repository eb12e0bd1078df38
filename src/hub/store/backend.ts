import type { EntityState } from '../../shared/sync/merge';
import type { EntityType } from '../../shared/sync/ops';
import type { AuditStore, TokenStore } from '../tokens';
import type { ClientSeqsRow } from './seen';
import type { CatchUp } from './pgCluster';

/**
 * The persistence behind the hub store. The rules (`rules.ts`, `core.ts`) are the same for every
 * backend: they run in memory, then hand one group commit's writes to `commit`, which writes them
 * in one transaction and assigns nothing itself: the seqs were counted from `startHead`, and the
 * backend's commit fails if the log's head is no longer there (another writer committed first).
 */
export interface HubBackend extends StoreReader {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the store is, for logs (a file, or a PostgreSQL URL without its password). */
  readonly where: string;
  /** Everything the store keeps in memory, read at open (and again after a failed commit). */
  load(): Promise<LoadedState>;
  /**
   * Called before the rules run on a group commit: fetch what `StoreReader` will be asked for
   * these op ids (retried ops: their seq, or their refusal). A synchronous backend does nothing.
   */
  prepare(retriedOpIds: readonly string[]): Promise<void>;
  /** Write one group commit. Throws `HeadMoved` when the log's head is not `w.startHead`. */
  commit(w: FlushWrites): Promise<CommitOutcome>;
  /** Log rows after `after`, in seq order: [seq, at, op JSON or null when compacted]. */
  pullRows(after: number, limit: number): Promise<[number, string, string | null][]>;
  /** Drop the op bodies below `newMin` (rows stay, so late duplicates are still recognised). */
  compact(newMin: number): Promise<void>;
  /** Every logged and refused op id: once, to build client_seqs for a store of hub schema 1. */
  allOpIds(): Promise<string[]>;
  readonly tokens: TokenStore;
  readonly audit: AuditStore;
  /** Several nodes (PostgreSQL): what others committed since `fromHead`, or null when nothing. */
  catchUp?(fromHead: number): Promise<CatchUp | null>;
  /** Several nodes (PostgreSQL): call `wake` when another node commits; resolves to the stop function. */
  listen?(wake: () => void, onError: (e: Error) => void): Promise<() => Promise<void>>;
  /** A trivial query: rejects when the store cannot be reached (the health endpoint). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Synchronous reads the rules make while they run (a backend that is not synchronous prefetches). */
export interface StoreReader {
  /** An entity `load` reported as not read yet. */
  readEntity(entity: string, id: string): EntityState;
  loggedSeq(opId: string): number | undefined;
  rejection(opId: string): { code: string; reason: string } | undefined;
  receiptSeq(assignmentId: string, clientId: string): number | undefined;
}

export interface LoadedState {
  meta: Map<string, string>;
  headSeq: number;
  /** Every entity: its state, or null when the backend reads it on first use (readEntity). */
  entities: Iterable<[entity: string, id: string, state: EntityState | null]>;
  clientSeqs: ClientSeqsRow[];
}

export interface LogRow {
  seq: number;
  opId: string;
  clientId: string;
  at: string;
  op: string;
}

export interface EntityRow {
  entity: EntityType;
  id: string;
  fields: string;
  clocks: string;
  deletedHlc: string | null;
  seq: number;
}

/** Everything one group commit writes, in one transaction. */
export interface FlushWrites {
  /** The log's head when the rules ran: the first new row is startHead + 1, and so on without a gap. */
  startHead: number;
  log: LogRow[];
  rejected: { opId: string; code: string; reason: string; at: string }[];
  receipts: { assignmentId: string; clientId: string; seq: number }[];
  entities: EntityRow[];
  clientSeqs: ClientSeqsRow[];
  meta: [string, string][];
  /** The writers' tokens: the commit is refused if one of them was revoked meanwhile. */
  tokenIds: number[];
}

/** Committed, or not committed because these tokens were revoked (nothing was written). */
export type CommitOutcome = { committed: true } | { committed: false; revoked: number[] };

/** The log's head moved under this store: another process wrote to it. Nothing was written. */
export class HeadMoved extends Error {
  constructor(expected: number, found: number | null) {
    super(
      `the log's head is ${found ?? 'unknown'}, not ${expected}: another hub wrote to this store; nothing was committed`,
    );
  }
}
