import type { AppError, Picture } from '../../shared/ipc';
import { api } from '../services/api';
import { singleFlight } from '../../shared/util/singleFlight';
import type { GetState, SetState } from './state';

export interface PictureSlice {
  picture: Picture | null;
  loadError: AppError | null;
  /** Reload the picture; a burst of calls costs one request in flight plus at most one more. */
  loadPicture: () => Promise<void>;
}

export function createPictureSlice(set: SetState, _get: GetState): PictureSlice {
  // Picture reloads are coalesced: a burst of picture:changed pushes (units moving, a sync page
  // applied) costs one request in flight plus at most one more, never one per push.
  const loadPicture = singleFlight(async () => {
    const r = await api.invoke('picture:get', {});
    if (r.ok) set({ picture: r.value, loadError: null });
    else set({ loadError: r.error });
  });
  return {
    picture: null,
    loadError: null,
    loadPicture,
  };
}
