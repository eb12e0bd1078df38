import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the health endpoint reports (docs/hub-operations.md, "Health"). */
export interface HealthSource {
  hubId: string;
  node: string;
  store: 'sqlite' | 'postgres';
  head: () => { headSeq: number; minSeq: number };
  connections: () => number;
  /** Rejects when the store cannot be reached. */
  ping: () => Promise<void>;
  /** True once the hub is closing: a load balancer must stop sending it clients. */
  draining: () => boolean;
  /** Extra facts (the cluster's last broadcast seq, …). */
  extra?: () => Record<string, unknown>;
}

const PING_TIMEOUT_MS = 2000;

export const isHealthRequest = (req: IncomingMessage): boolean =>
  (req.method === 'GET' || req.method === 'HEAD') && (req.url ?? '').split('?')[0] === '/health';

/**
 * `GET /health`: 200 with a JSON body when this node can serve (its store answered a query
 * within 2 s and it is not closing), 503 with the reason otherwise. For a load balancer's check.
 */
export async function answerHealth(
  req: IncomingMessage,
  res: ServerResponse,
  h: HealthSource,
): Promise<void> {
  const started = performance.now();
  let problem: string | null = h.draining() ? 'closing' : null;
  if (!problem) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        h.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)),
            PING_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (e) {
      problem = `store unreachable: ${(e as Error).message}`;
    } finally {
      clearTimeout(timer);
    }
  }
  const body = JSON.stringify({
    status: problem ? 'unavailable' : 'ok',
    ...(problem ? { reason: problem } : {}),
    hubId: h.hubId,
    node: h.node,
    store: h.store,
    ...h.head(),
    connections: h.connections(),
    storeMs: Math.round((performance.now() - started) * 10) / 10,
    ...h.extra?.(),
  });
  res
    .writeHead(problem ? 503 : 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
    })
    .end(req.method === 'HEAD' ? undefined : `${body}\n`);
}
