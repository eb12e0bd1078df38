import type { Channel, PushEvent, PushPayloads, RequestOf, ResponseOf } from './contract';
import type { Result } from './result';

/**
 * What the Electron preload exposes as `window.jinying`: one method per channel of the contract
 * (never a raw ipcRenderer), plus a subscription to push events.
 */
export type JinyingBridge = {
  readonly [C in Channel]: (req: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
} & {
  readonly on: <E extends PushEvent>(event: E, cb: (payload: PushPayloads[E]) => void) => () => void;
};

export { IPC_INVOKE_PREFIX, IPC_PUSH_CHANNEL } from './channels';
