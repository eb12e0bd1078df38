import { readFileSync } from 'node:fs';
import type { StoreClient } from '../db/client';
import type { SettingsFile } from './settingsFile';
import type { PushBus } from './handlers';
import type { Handlers } from './invoke';
import { demoPlansPath } from '../app/paths';
import { DeskConfig, addDays, currentAndNextShift, shiftDateOf } from '../../shared/desk';
import { CodedError } from '../../shared/ipc/errors';

type ShiftChannel =
  | 'roster:list'
  | 'roster:save'
  | 'dutyLog:list'
  | 'dutyLog:add'
  | 'dutyLog:correct'
  | 'handover:prepare'
  | 'handover:sign'
  | 'handover:accept'
  | 'handover:list'
  | 'plans:list'
  | 'plans:import'
  | 'response:get'
  | 'response:start'
  | 'response:adjust'
  | 'response:end'
  | 'response:assignTask'
  | 'response:completeTask';

const DAY_MS = 86_400_000;

/**
 * The duty shift and response-plan channels (docs/duty-desk.md §Duty shift, §Response plans): the
 * roster, the duty log, the handover, the plan library and an incident's response. Each command
 * runs in the store by the person on duty and tells every console what changed.
 */
export function createShiftHandlers(d: {
  store: StoreClient;
  settings: SettingsFile;
  bus: PushBus;
  now?: () => number;
}): Pick<Handlers, ShiftChannel> {
  const clock = d.now ?? Date.now;
  const changed = (...entities: string[]) => d.bus.push('picture:changed', { entities });
  const cfg = () => DeskConfig.parse(d.settings.get().desk ?? {});
  const span = (from: number, to: number, max: number, what: string) => {
    if (to < from || to - from > max * DAY_MS)
      throw new CodedError(
        'INVALID',
        `${what}: choose a span of at most ${max} days that ends after it starts.`,
        {
          field: 'to',
        },
      );
  };

  /** The shift now and the next, from the roster around today. */
  const shifts = async () => {
    const { shiftChange } = cfg();
    const today = shiftDateOf(clock(), shiftChange);
    const roster = await d.store.call('listRoster', { from: addDays(today, -1), to: addDays(today, 2) });
    return currentAndNextShift(clock(), roster, shiftChange);
  };

  return {
    'roster:list': (req) => {
      span(Date.parse(req.from), Date.parse(req.to), 62, 'Roster');
      return d.store.call('listRoster', req);
    },
    'roster:save': async (req) => {
      const r = await d.store.call('saveDutyShift', { shift: req, shiftChange: cfg().shiftChange });
      changed('duty_shift');
      return r;
    },
    'dutyLog:list': (req) => {
      span(Date.parse(req.from), Date.parse(req.to), 31, 'Duty log');
      return d.store.call('listDutyLog', req);
    },
    'dutyLog:add': async (req) => {
      const r = await d.store.call('addDutyLog', req);
      changed('duty_log');
      return r;
    },
    'dutyLog:correct': async (req) => {
      const r = await d.store.call('correctDutyLog', req);
      changed('duty_log');
      return r;
    },
    'handover:prepare': async () => {
      const { current, next } = await shifts();
      const items = await d.store.call('handoverItems', { cfg: cfg() });
      return { shift: current, next, items };
    },
    'handover:sign': async (req) => {
      const { current, next } = await shifts();
      const incoming = next.roster?.officers[0]?.name ?? '';
      const r = await d.store.call('signHandover', {
        handover: {
          shiftId: current.roster?.id ?? null,
          from: current.from,
          to: current.to,
          toName: req.toName ?? incoming,
          remarks: req.remarks ?? '',
        },
        cfg: cfg(),
      });
      changed('handover', 'duty_log');
      return r;
    },
    'handover:accept': async (req) => {
      const r = await d.store.call('acceptHandover', req);
      changed('duty_log');
      return r;
    },
    'handover:list': (req) => d.store.call('listHandovers', { limit: req.limit ?? 20 }),
    'plans:list': () => d.store.call('listResponsePlans'),
    'plans:import': async (req) => {
      let text: string;
      if ('demo' in req) text = readFileSync(demoPlansPath(), 'utf8');
      else text = req.text;
      let content: unknown;
      try {
        content = JSON.parse(text);
      } catch (e) {
        throw new CodedError(
          'INVALID',
          `Response plan library: the file is not JSON (${(e as Error).message}). Choose the plan library's .json file; nothing was imported.`,
          { field: 'file' },
        );
      }
      const r = await d.store.call('importResponsePlans', { library: content });
      changed('response_plan');
      return r;
    },
    'response:get': (req) => d.store.call('getResponse', req),
    'response:start': async (req) => {
      const r = await d.store.call('startResponse', req);
      changed('timeline');
      return r;
    },
    'response:adjust': async (req) => {
      const r = await d.store.call('adjustResponse', req);
      changed('timeline');
      return r;
    },
    'response:end': async (req) => {
      const r = await d.store.call('endResponse', req);
      changed('timeline');
      return r;
    },
    'response:assignTask': async (req) => {
      const r = await d.store.call('assignResponseTask', req);
      changed('timeline');
      return r;
    },
    'response:completeTask': async (req) => {
      const r = await d.store.call('completeResponseTask', req);
      changed('timeline');
      return r;
    },
  };
}
