import { ZodError } from 'zod';
import { CodedError } from '../../shared/ipc/errors';
import {
  contract,
  err,
  isAppErrorCode,
  isChannel,
  MAX_REQUEST_BYTES,
  type Channel,
  type ParsedRequestOf,
  type ResponseOf,
  type Result,
} from '../../shared/ipc';
import { prototypeKeyMessage, prototypeKeyPath } from '../../shared/util/protoKeys';
import { firstIssue } from '../../shared/util/issues';

export type Handlers = { [C in Channel]: (req: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

/**
 * The single entry point both transports call with whatever the renderer sent: checks the
 * channel, size, prototype keys and shape, runs the handler, and turns every failure into an
 * error result.
 */
export async function invoke(
  handlers: Handlers,
  channel: unknown,
  payload: unknown,
): Promise<Result<unknown>> {
  if (!isChannel(channel))
    return err('UNKNOWN_CHANNEL', `Unknown request "${String(channel).slice(0, 60)}".`);
  let size: number;
  try {
    size = JSON.stringify(payload ?? {}).length;
  } catch {
    return err('INVALID_REQUEST', `The ${channel} request could not be read.`);
  }
  if (size > MAX_REQUEST_BYTES) {
    return err('TOO_LARGE', `The ${channel} request is ${size} bytes; the limit is ${MAX_REQUEST_BYTES}.`, {
      sizeKb: Math.ceil(size / 1024),
      limitKb: Math.floor(MAX_REQUEST_BYTES / 1024),
    });
  }
  // Before any schema copies the payload: a `__proto__` key there would become a prototype change.
  const bad = prototypeKeyPath(payload, '(root)');
  if (bad) {
    const path = bad.replace(/^\(root\)\.?/, '');
    return err('INVALID_REQUEST', `Invalid ${channel} request: ${prototypeKeyMessage(path)}.`, { path });
  }
  const parsed = contract[channel].request.safeParse(payload ?? {});
  if (!parsed.success) {
    const { path, message } = firstIssue(parsed.error);
    return err('INVALID_REQUEST', `Invalid ${channel} request at ${path}: ${message}.`, { path });
  }
  try {
    const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (e) {
    if (e instanceof ZodError) {
      const { path, message } = firstIssue(e);
      return err('INVALID', `Invalid value at ${path}: ${message}. Correct it and try again.`, { path });
    }
    // Only failures meant for the user carry their own code and message; anything else (a file-system
    // error, a bug) is logged and reported without internals.
    // The store worker names its own codes; one this version does not list is still a store failure.
    if (e instanceof CodedError)
      return err(isAppErrorCode(e.code) ? e.code : 'STORE_FAILED', e.message, e.params);
    console.error(`[jinying] ${channel} failed:`, e);
    return err(
      'INTERNAL',
      `Something went wrong handling ${channel}. The details are in the log; try again, and report it if it repeats.`,
    );
  }
}
