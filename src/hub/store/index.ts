import type { HubBackend } from './backend';
import { HubStore, type HubStoreOptions } from './core';
import { PgBackend } from './postgres';
import { SqliteBackend } from './sqlite';

export { HubStore, type HubStoreOptions } from './core';
export type { Writer } from './rules';
export type { HubBackend } from './backend';

/** Where a hub keeps its store: one SQLite file (the default) or a PostgreSQL database. */
export type HubStoreLocation = { sqlite: string } | { postgres: string };

/** Open a store's backend alone (no state read): what the token commands need. */
export async function openHubBackend(at: HubStoreLocation): Promise<HubBackend> {
  return 'sqlite' in at ? new SqliteBackend(at.sqlite) : await PgBackend.open(at.postgres);
}

/** Open the hub store: the schema brought up to date, the state the rules keep in memory read. */
export async function openHubStore(at: HubStoreLocation, opts: HubStoreOptions = {}): Promise<HubStore> {
  return HubStore.open(await openHubBackend(at), opts);
}
