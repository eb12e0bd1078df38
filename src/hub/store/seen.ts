/** The stored form of one client's seqs: the contiguous prefix and the seqs above it (a JSON array). */
export interface ClientSeqsRow {
  clientId: string;
  upTo: number;
  above: string;
}

type Seqs = { upTo: number; above: Set<number> };

/**
 * Which op ids the hub has logged or refused for good, per client: a contiguous prefix plus the
 * few seqs above it (clients drain by priority, so seqs arrive slightly out of order). Kept in
 * memory so that the duplicate check costs no query, and written through to `client_seqs` for
 * the clients a commit touched, so that a restart reads one row per client, not the whole log.
 * A flush's changes can be undone (its commit failed, or was refused).
 */
export class SeenOps {
  private byClient = new Map<string, Seqs>();
  /** Clients changed since the last commit, with what they were before (undefined: unknown). */
  private before = new Map<string, Seqs | undefined>();

  has(clientId: string, seq: number): boolean {
    const c = this.byClient.get(clientId);
    return !!c && (seq <= c.upTo || c.above.has(seq));
  }

  add(clientId: string, seq: number): void {
    let c = this.byClient.get(clientId);
    if (c && seq <= c.upTo) return;
    if (!this.before.has(clientId))
      this.before.set(clientId, c ? { upTo: c.upTo, above: new Set(c.above) } : undefined);
    if (!c) this.byClient.set(clientId, (c = { upTo: 0, above: new Set() }));
    c.above.add(seq);
    while (c.above.delete(c.upTo + 1)) c.upTo++;
  }

  load(rows: Iterable<ClientSeqsRow>): void {
    this.byClient.clear();
    this.before.clear();
    for (const r of rows)
      this.byClient.set(r.clientId, { upTo: r.upTo, above: new Set(JSON.parse(r.above) as number[]) });
  }

  /** Replace some clients' seq sets (written by another node); the others stay. */
  update(rows: Iterable<ClientSeqsRow>): void {
    for (const r of rows)
      this.byClient.set(r.clientId, { upTo: r.upTo, above: new Set(JSON.parse(r.above) as number[]) });
  }

  /** The rows of the clients changed since the last commit, to write with it. */
  changed(): ClientSeqsRow[] {
    return [...this.before.keys()].map((clientId) => {
      const c = this.byClient.get(clientId)!;
      return { clientId, upTo: c.upTo, above: JSON.stringify([...c.above]) };
    });
  }

  /** The changes were committed. */
  committed(): void {
    this.before.clear();
  }

  /** The changes were not committed: put every changed client back as it was. */
  undo(): void {
    for (const [clientId, was] of this.before) {
      if (was) this.byClient.set(clientId, was);
      else this.byClient.delete(clientId);
    }
    this.before.clear();
  }

  /** Build from every op id in the log and the refusals: once, for a store written before client_seqs. */
  rebuild(opIds: Iterable<string>): void {
    this.byClient.clear();
    this.before.clear();
    for (const opId of opIds) {
      const i = opId.lastIndexOf(':');
      const seq = Number(opId.slice(i + 1));
      if (Number.isSafeInteger(seq)) this.add(opId.slice(0, i), seq);
    }
  }
}
