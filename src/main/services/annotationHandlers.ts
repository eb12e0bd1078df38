import type { StoreClient } from '../db/client';
import type { PushBus } from './handlers';
import type { Handlers } from './invoke';

type AnnotationChannel = 'annotation:list' | 'annotation:save' | 'annotation:remove';

/** 标绘: the store keeps the records and checks them; every window hears of a change. */
export function createAnnotationHandlers(d: {
  store: StoreClient;
  bus: PushBus;
}): Pick<Handlers, AnnotationChannel> {
  const changed = () => d.bus.push('picture:changed', { entities: ['annotation'] });
  return {
    'annotation:list': (req) => d.store.call('listAnnotations', req),
    'annotation:save': async (req) => {
      const r = await d.store.call('saveAnnotation', req);
      changed();
      return r;
    },
    'annotation:remove': async (req) => {
      const r = await d.store.call('removeAnnotation', req);
      changed();
      return r;
    },
  };
}
