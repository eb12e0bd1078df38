/**
 * The hub's client of Janus's plain HTTP API (https://janus.conf.meetecho.com/docs/rest.html). The
 * hub is Janus's only API client: consoles never reach the API (only Janus's media ports), so the
 * room pins and the plugins' admin key never leave the hub. One Janus session per consultation;
 * its events arrive through one long poll and are handed to whoever owns the handle they name.
 */
import { randomBytes } from 'node:crypto';

export type Json = Record<string, unknown>;
export interface Jsep {
  type: string;
  sdp: string;
}
export interface PluginReply {
  data: Json;
  jsep?: Jsep;
}
export type HandleListener = (event: { janus: string; data?: Json; jsep?: Jsep; raw: Json }) => void;

export class JanusError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

const tx = () => randomBytes(9).toString('base64url');

async function postJson(url: string, body: Json, timeoutMs: number): Promise<Json> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new JanusError(`Janus answered HTTP ${res.status} at ${url}`);
  return (await res.json()) as Json;
}

/** Whether Janus answers at `apiUrl` within `timeoutMs` (the hub's test before it opens rooms). */
export async function janusReachable(apiUrl: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await fetch(`${apiUrl}/info`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

/** One Janus session: attach handles, send plugin requests, receive their events. */
export class JanusSession {
  private readonly listeners = new Map<number, HandleListener>();
  private readonly waiting = new Map<
    string,
    { resolve: (r: PluginReply) => void; reject: (e: Error) => void }
  >();
  private closed = false;

  private constructor(
    private readonly apiUrl: string,
    readonly id: number,
    private readonly log: (l: string) => void,
  ) {}

  static async create(apiUrl: string, log: (l: string) => void): Promise<JanusSession> {
    const r = await postJson(apiUrl, { janus: 'create', transaction: tx() }, 5000);
    if (r.janus !== 'success') throw new JanusError(`Janus refused a session: ${JSON.stringify(r.error)}`);
    const s = new JanusSession(apiUrl, (r.data as { id: number }).id, log);
    void s.poll();
    return s;
  }

  async attach(plugin: string, listener: HandleListener): Promise<number> {
    const r = await this.post(`${this.apiUrl}/${this.id}`, { janus: 'attach', plugin });
    const handle = (r.data as { id: number }).id;
    this.listeners.set(handle, listener);
    return handle;
  }

  async detach(handle: number): Promise<void> {
    this.listeners.delete(handle);
    await this.post(`${this.apiUrl}/${this.id}/${handle}`, { janus: 'detach' }).catch(() => undefined);
  }

  /**
   * A plugin request. Synchronous requests (create, destroy, list…) answer at once; asynchronous
   * ones (join, publish, start, configure…) are acknowledged and answered by an event carrying the
   * same transaction, which this awaits. A plugin error rejects with its code.
   */
  async message(handle: number, body: Json, jsep?: Jsep, timeoutMs = 15_000): Promise<PluginReply> {
    const transaction = tx();
    const payload: Json = { janus: 'message', transaction, body };
    if (jsep) payload.jsep = jsep;
    const asyncReply = new Promise<PluginReply>((resolve, reject) => {
      this.waiting.set(transaction, { resolve, reject });
      setTimeout(() => {
        if (this.waiting.delete(transaction))
          reject(new JanusError(`Janus did not answer ${String(body.request)}`));
      }, timeoutMs).unref?.();
    });
    asyncReply.catch(() => undefined);
    const r = await postJson(`${this.apiUrl}/${this.id}/${handle}`, payload, timeoutMs).catch((e: Error) => {
      this.waiting.delete(transaction);
      throw e;
    });
    if (r.janus === 'success') {
      this.waiting.delete(transaction);
      return checked((r.plugindata as { data: Json }).data, undefined);
    }
    if (r.janus !== 'ack') {
      this.waiting.delete(transaction);
      throw new JanusError(`Janus refused ${String(body.request)}: ${JSON.stringify(r.error ?? r)}`);
    }
    return asyncReply;
  }

  async trickle(handle: number, candidate: Json | null): Promise<void> {
    await this.post(`${this.apiUrl}/${this.id}/${handle}`, {
      janus: 'trickle',
      candidate: candidate ?? { completed: true },
    });
  }

  async destroy(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiting.values()) w.reject(new JanusError('the Janus session was closed'));
    this.waiting.clear();
    await this.post(`${this.apiUrl}/${this.id}`, { janus: 'destroy' }).catch(() => undefined);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private async post(url: string, body: Json): Promise<Json> {
    const r = await postJson(url, { ...body, transaction: tx() }, 10_000);
    if (r.janus !== 'success' && r.janus !== 'ack')
      throw new JanusError(`Janus refused ${String(body.janus)}: ${JSON.stringify(r.error ?? r)}`);
    return r;
  }

  /** The long poll: events for every handle of the session (it also keeps the session alive). */
  private async poll(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      try {
        const res = await fetch(`${this.apiUrl}/${this.id}?maxev=20&rid=${Date.now()}`, {
          signal: AbortSignal.timeout(40_000),
        });
        const body = (await res.json()) as Json | Json[];
        failures = 0;
        for (const ev of Array.isArray(body) ? body : [body]) this.dispatch(ev);
      } catch (e) {
        if (this.closed) return;
        if (++failures >= 3) {
          this.log(`[consult] lost Janus session ${this.id}: ${(e as Error).message}`);
          this.closed = true;
          for (const l of this.listeners.values()) l({ janus: 'lost', raw: {} });
          return;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private dispatch(ev: Json): void {
    if (ev.janus === 'keepalive') return;
    if (ev.janus === 'error' && (ev.error as { code?: number } | undefined)?.code === 458) {
      // No such session: Janus restarted or timed the session out.
      this.closed = true;
      for (const l of this.listeners.values()) l({ janus: 'lost', raw: ev });
      return;
    }
    const data = (ev.plugindata as { data?: Json } | undefined)?.data;
    const jsep = ev.jsep as Jsep | undefined;
    const waiter = typeof ev.transaction === 'string' ? this.waiting.get(ev.transaction) : undefined;
    if (waiter && ev.janus === 'event') {
      this.waiting.delete(ev.transaction as string);
      try {
        waiter.resolve(checked(data ?? {}, jsep));
      } catch (e) {
        waiter.reject(e as Error);
      }
      return;
    }
    const listener = typeof ev.sender === 'number' ? this.listeners.get(ev.sender) : undefined;
    listener?.({ janus: String(ev.janus), data, jsep, raw: ev });
  }
}

function checked(data: Json, jsep: Jsep | undefined): PluginReply {
  if (typeof data.error_code === 'number')
    throw new JanusError(`Janus: ${String(data.error)}`, data.error_code);
  return jsep ? { data, jsep } : { data };
}
