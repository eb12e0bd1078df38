import { CodedError } from '../../shared/ipc/errors';
/** A pack that fails a check: the message says what is wrong and what to do. */
export const invalidPack = (message: string) => new CodedError('MAP_PACK_INVALID', message);

/** The import was cancelled by the user (`mappack:cancel`). */
export const importCancelled = () =>
  new CodedError(
    'MAP_PACK_CANCELLED',
    'The import was cancelled; nothing of it was kept and the pack in use stays. Import the pack again when you are ready.',
  );

/** An import was asked for while another one runs (one at a time). */
export const importBusy = () =>
  new CodedError(
    'MAP_PACK_BUSY',
    'Another map pack is being imported. Wait for it to finish, or cancel it, and import again.',
  );
