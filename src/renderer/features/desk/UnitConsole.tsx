import { useEffect, useState } from 'react';
import type { LngLat, UnitStatus } from '../../../shared/domain';
import type { AppError } from '../../../shared/ipc';
import { api } from '../../services/api';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import { useTimeline } from '../../ui/useTimeline';

const STATUS_BUTTONS = [
  'en_route',
  'on_scene',
  'returning',
  'available',
  'out_of_service',
] as const satisfies readonly UnitStatus[];

/**
 * The field commander's console (我的队伍): the unit's current task as the duty officer wrote it,
 * 接令 (a person's acknowledgement, not the device's receipt), status reports, a position report
 * and notes into the incident's timeline. Only this unit can be changed (the hub enforces it).
 */
export function UnitConsole() {
  const t = useT();
  const locale = useLocale();
  const status = useApp((s) => s.syncStatus);
  const unitId = status?.unitId ?? null;
  const unit = useApp((s) => s.picture?.units.find((u) => u.id === unitId) ?? null);
  const task = useApp((s) => {
    const open = new Set(s.picture?.incidents.filter((i) => i.status !== 'closed').map((i) => i.id));
    return (
      s.picture?.assignments.find(
        (a) =>
          a.resourceKind === 'unit' &&
          a.resourceId === unitId &&
          a.status === 'accepted' &&
          open.has(a.incidentId),
      ) ?? null
    );
  });
  const incident = useApp((s) => s.picture?.incidents.find((i) => i.id === task?.incidentId) ?? null);
  const receipt = useApp((s) => (task ? s.receipts[task.id] : undefined));
  const { entries } = useTimeline(task?.incidentId ?? null);
  const acked =
    entries?.find((e) => e.kind === 'order_acknowledged' && e.data.assignmentId === task?.id) ?? null;
  const [lng, setLng] = useState('');
  const [lat, setLat] = useState('');
  const [note, setNote] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const picking = useApp((s) => s.positionPickArmed);
  const picked = useApp((s) => s.pickedPosition);
  useEffect(() => {
    if (!picked) return;
    // A map click (or the map's menu) gave the place: fill the fields, the commander checks and sends.
    setLng(picked[0].toFixed(5));
    setLat(picked[1].toFixed(5));
    useApp.getState().setPickedPosition(null);
  }, [picked]);

  if (status?.role !== 'field-commander') return null;
  const done = (r: { ok: true } | { ok: false; error: AppError }) =>
    setMsg(r.ok ? { ok: true, text: t('act.done') } : { ok: false, text: errorText(t, r.error) });
  const run = async (p: Promise<{ ok: boolean; error?: AppError }>) => {
    const r = await p;
    done(r.ok ? { ok: true } : { ok: false, error: r.error! });
    if (r.ok) void useApp.getState().loadPicture();
  };
  const report = (pos: LngLat) =>
    void run(
      api.invoke('unit:reportPosition', { id: unitId!, position: pos, fixAt: new Date().toISOString() }),
    );
  const fromFields = () => {
    const p: LngLat = [Number(lng), Number(lat)];
    if (
      !lng ||
      !lat ||
      !Number.isFinite(p[0]) ||
      !Number.isFinite(p[1]) ||
      Math.abs(p[0]) > 180 ||
      Math.abs(p[1]) > 90
    )
      return setMsg({ ok: false, text: t('unitConsole.badCoord') });
    report(p);
  };
  const useFix = () => {
    if (!('geolocation' in navigator)) return setMsg({ ok: false, text: t('unitConsole.noFix') });
    navigator.geolocation.getCurrentPosition(
      (g) => report([g.coords.longitude, g.coords.latitude]),
      () => setMsg({ ok: false, text: t('unitConsole.noFix') }),
      { timeout: 10_000 },
    );
  };

  return (
    <section className="unit-console" aria-label={t('unitConsole.title')} data-testid="unit-console">
      <h2>{t('unitConsole.title')}</h2>
      {!unitId || !unit ? (
        <p>{t('unitConsole.noUnit')}</p>
      ) : (
        <>
          <div>
            <strong>{unit.name}</strong> ·{' '}
            <span data-testid="unit-console-status">{t(`unitStatus.${unit.status}`)}</span>
          </div>
          {task && incident ? (
            <div className="unit-task" data-testid="unit-task">
              <h3>{t('unitConsole.task')}</h3>
              <div>
                {t('unitConsole.incident')}：{incident.title}
              </div>
              {task.task && <div>{t('tl.task', { task: task.task })}</div>}
              {task.rendezvous && <div>{t('tl.rendezvous', { place: task.rendezvous })}</div>}
              {task.contact && <div>{t('tl.contact', { contact: task.contact })}</div>}
              {receipt?.deviceAt && (
                <div className="muted">
                  {t('unitConsole.received', { time: formatTime(locale, receipt.deviceAt) })}
                </div>
              )}
              {acked ? (
                <div data-testid="unit-acked">
                  {t('unitConsole.acked', { time: formatTime(locale, acked.at) })}
                </div>
              ) : (
                <button
                  type="button"
                  className="primary"
                  data-testid="unit-ack"
                  onClick={() => void run(api.invoke('assignment:acknowledge', { id: task.id }))}
                >
                  {t('unitConsole.ack')}
                </button>
              )}
            </div>
          ) : (
            <p>{t('unitConsole.noTask')}</p>
          )}
          <h3>{t('unitConsole.status')}</h3>
          <div className="action-buttons">
            {STATUS_BUTTONS.map((s) => (
              <button
                key={s}
                type="button"
                data-testid={`unit-set-${s}`}
                aria-pressed={unit.status === s}
                onClick={() => void run(api.invoke('unit:setStatus', { id: unit.id, status: s }))}
              >
                {t(`unitConsole.set.${s}`)}
              </button>
            ))}
          </div>
          <h3>{t('unitConsole.position')}</h3>
          <div className="act-form">
            <label>
              {t('unitConsole.lng')}
              <input name="lng" inputMode="decimal" value={lng} onChange={(e) => setLng(e.target.value)} />
            </label>
            <label>
              {t('unitConsole.lat')}
              <input name="lat" inputMode="decimal" value={lat} onChange={(e) => setLat(e.target.value)} />
            </label>
            <button type="button" data-testid="unit-send-position" onClick={fromFields}>
              {t('unitConsole.sendPosition')}
            </button>
            <button
              type="button"
              data-testid="unit-pick-position"
              aria-pressed={picking}
              onClick={() => useApp.getState().armPositionPick(!picking)}
            >
              {t('unitConsole.pickOnMap')}
            </button>
            <button type="button" onClick={useFix}>
              {t('unitConsole.useFix')}
            </button>
          </div>
          {picking && (
            <div className="tab-state" role="status" data-testid="unit-pick-hint">
              {t('unitConsole.pickHint')}
            </div>
          )}
          {task && (
            <form
              className="act-form"
              onSubmit={(e) => {
                e.preventDefault();
                void run(api.invoke('incident:note', { id: task.incidentId, text: note })).then(() =>
                  setNote(''),
                );
              }}
            >
              <label className="wide">
                {t('act.note')}
                <textarea
                  name="note"
                  maxLength={2000}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />
              </label>
              <button type="submit">{t('act.submitNote')}</button>
            </form>
          )}
        </>
      )}
      {msg && (
        <div className={msg.ok ? 'tab-state' : 'tab-state error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </div>
      )}
    </section>
  );
}
