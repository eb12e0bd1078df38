/**
 * The store worker: owns the only SQLite connection of this process (one writer), so a slow
 * write never blocks the main process's event loop (DESIGN.md §1, after Signal Desktop).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ZodError } from 'zod';
import { openDatabase } from './open';
import { createContext } from './commands';
import { storeApi } from './api';
import type { ErrorParams } from '../../shared/ipc/errors';
import { firstIssue } from '../../shared/util/issues';
import { CodedError } from '../../shared/ipc/errors';

interface Request {
  id: number;
  op: string;
  args: unknown;
}

const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');
const { file } = workerData as { file: string };

try {
  const db = openDatabase(file);
  const ctx = createContext(db);
  const ops = storeApi as Record<string, (ctx: unknown, args: unknown) => unknown>;
  port.postMessage({ ready: true });
  port.on('message', (msg: Request | { close: true }) => {
    if ('close' in msg) {
      db.close();
      port.postMessage({ closed: true });
      return;
    }
    const fn = ops[msg.op];
    if (!fn) {
      port.postMessage({
        id: msg.id,
        ok: false,
        error: { code: 'UNKNOWN_OP', message: `unknown store op ${msg.op}` },
      });
      return;
    }
    try {
      port.postMessage({ id: msg.id, ok: true, value: fn(ctx, msg.args) });
    } catch (e) {
      port.postMessage({ id: msg.id, ok: false, error: describeError(e) });
    }
  });
} catch (e) {
  port.postMessage({ ready: false, error: describeError(e) });
}

function describeError(e: unknown): { code: string; message: string; params?: ErrorParams } {
  if (e instanceof CodedError)
    return { code: e.code, message: e.message, ...(e.params ? { params: e.params } : {}) };
  if (e instanceof ZodError) {
    const { path, message } = firstIssue(e);
    return {
      code: 'INVALID',
      message: `Invalid value at ${path}: ${message}. Correct it and try again.`,
      params: { path },
    };
  }
  // Anything else (an SQLite or file-system error) is not the user's doing: log the detail here,
  // and say what to do.
  console.error('[jinying] store error:', e);
  const detail = (e as { code?: unknown }).code;
  return {
    code: 'STORE_FAILED',
    message: `The local store could not complete this${typeof detail === 'string' ? ` (${detail})` : ''}. Try again; if it repeats, check the disk has space and restart Jinying.`,
  };
}
