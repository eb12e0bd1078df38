import { ZodError } from 'zod';
import { StoreError } from '../db/client';
import { contract, err, isChannel, MAX_REQUEST_BYTES, type Channel, type ParsedRequestOf, type ResponseOf, type Result } from '../../shared/ipc';

export type Handlers = { [C in Channel]: (req: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

/** A failure with a code and a message for the user; anything else is reported as INTERNAL. */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The single entry point both transports call with whatever the renderer sent: checks the
 * channel, size and shape, runs the handler, and turns every failure into an error result.
 */
export async function invoke(handlers: Handlers, channel: unknown, payload: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) return err('UNKNOWN_CHANNEL', `Unknown request "${String(channel).slice(0, 60)}".`);
  let size: number;
  try {
    size = JSON.stringify(payload ?? {}).length;
  } catch {
    return err('INVALID_REQUEST', `The ${channel} request could not be read.`);
  }
  if (size > MAX_REQUEST_BYTES) {
    return err('TOO_LARGE', `The ${channel} request is ${size} bytes; the limit is ${MAX_REQUEST_BYTES}.`);
  }
  const parsed = contract[channel].request.safeParse(payload ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return err('INVALID_REQUEST', `Invalid ${channel} request at ${i?.path.join('.') || '(root)'}: ${i?.message}.`);
  }
  try {
    const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (e) {
    if (e instanceof ZodError) {
      const i = e.issues[0];
      return err('INVALID', `Invalid value at ${i?.path.join('.') || '(root)'}: ${i?.message}. Correct it and try again.`);
    }
    // Only failures meant for the user carry their own code and message; anything else (a file-system
    // error, a bug) is logged and reported without internals.
    if (e instanceof ServiceError || e instanceof StoreError) return err(e.code, e.message);
    console.error(`[jinying] ${channel} failed:`, e);
    return err('INTERNAL', `Something went wrong handling ${channel}. The details are in the log; try again, and report it if it repeats.`);
  }
}
