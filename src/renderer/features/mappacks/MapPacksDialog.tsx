import { useState } from 'react';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import { useEscape } from '../../ui/useEscape';
import { useFocusTrap } from '../../ui/useFocusTrap';
import type { AppError, MapPackProgress } from '../../../shared/ipc';
import type { MessageKey } from '../../../shared/i18n';

const mb = (bytes: number) => (bytes / 1048576).toFixed(1);

/**
 * Import, list, switch and remove map packs. A path on this machine works in both the desktop
 * app and web mode (main reads it); in a browser a .zip can also be uploaded.
 */
export function MapPacksDialog() {
  const t = useT();
  const locale = useLocale();
  const open = useApp((s) => s.packsOpen);
  const packs = useApp((s) => s.packs);
  const current = useApp((s) => s.info?.mapPack?.id ?? null);
  const progress = useApp((s) => s.packProgress);
  const { setPacksOpen, importPack, switchPack, removePack, cancelImport } = useApp.getState();
  const [path, setPath] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [attribution, setAttribution] = useState('');
  const [needsAttribution, setNeedsAttribution] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEscape(open, () => setPacksOpen(false));
  const trap = useFocusTrap<HTMLDivElement>(open);
  if (!open) return null;

  const doImport = async () => {
    setBusy(true);
    setMessage(null);
    const r = await importPack({
      ...(file ? { file } : { path: path.trim() }),
      ...(attribution.trim() ? { attribution: attribution.trim() } : {}),
    });
    setBusy(false);
    if (r.ok) {
      setMessage({ ok: true, text: t('packs.imported', { name: r.pack.name }) });
      setPath('');
      setFile(null);
      setAttribution('');
      setNeedsAttribution(false);
    } else if (r.error.code === 'MAP_PACK_CANCELLED') {
      // Cancelled by the user: said as what happened, not as a refusal.
      setMessage({ ok: true, text: t('packs.cancelled') });
    } else {
      setNeedsAttribution(r.error.code === 'MAP_PACK_NEEDS_ATTRIBUTION');
      setMessage({
        ok: false,
        text:
          r.error.code === 'TOO_LARGE'
            ? t('packs.tooLarge', { message: r.error.message })
            : t('packs.refused', { message: errorText(t, r.error) }),
      });
    }
  };
  const act = async (fn: () => Promise<AppError | null>) => {
    const e = await fn();
    setMessage(e ? { ok: false, text: errorText(t, e) } : null);
  };

  return (
    <div className="dialog-backdrop" onClick={() => setPacksOpen(false)}>
      <div
        ref={trap}
        className="dialog"
        data-testid="packs-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t('packs.title')}
        onClick={(e) => e.stopPropagation()}
      >
        <div className="dialog-head">
          <h2>{t('packs.title')}</h2>
          <button
            className="close"
            data-testid="packs-close"
            aria-label={t('card.close')}
            autoFocus
            onClick={() => setPacksOpen(false)}
          >
            ×
          </button>
        </div>
        <p className="muted">{t('packs.explain')}</p>
        <ul className="pack-list" data-testid="pack-list">
          <li className={current === null ? 'current' : ''}>
            <div className="pack-name">{t('packs.none')}</div>
            <div className="muted">{t('packs.noneExplain')}</div>
            {current !== null && (
              <button data-testid="pack-use-none" onClick={() => void act(() => switchPack(null))}>
                {t('packs.use')}
              </button>
            )}
          </li>
          {packs.map((p) => (
            <li
              key={p.id}
              className={current === p.id ? 'current' : ''}
              data-testid="pack-item"
              data-id={p.id}
            >
              <div className="pack-name">
                {p.name} {current === p.id && <span className="badge">{t('packs.inUse')}</span>}
              </div>
              <div className="muted">{p.attribution}</div>
              <div className="muted">
                {t('packs.layers', { n: p.layers, date: formatTime(locale, p.importedAt) })}
              </div>
              {current !== p.id && (
                <button data-testid="pack-use" onClick={() => void act(() => switchPack(p.id))}>
                  {t('packs.use')}
                </button>
              )}
              <button
                data-testid="pack-remove"
                onClick={() => {
                  if (window.confirm(t('packs.confirmRemove', { name: p.name })))
                    void act(() => removePack(p.id));
                }}
              >
                {t('packs.remove')}
              </button>
            </li>
          ))}
        </ul>
        <div className="pack-import">
          <label>
            {t('packs.path')}
            <input
              data-testid="pack-path"
              value={path}
              placeholder="/media/usb/basemap-shanxi"
              onChange={(e) => {
                setPath(e.target.value);
                setFile(null);
              }}
            />
          </label>
          <label>
            {t('packs.zip')}
            <input
              data-testid="pack-file"
              type="file"
              accept=".zip,application/zip"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setPath('');
              }}
            />
          </label>
          {needsAttribution && (
            <label>
              {t('packs.attribution')}
              <input
                data-testid="pack-attribution"
                value={attribution}
                placeholder="审图号 GS(20xx)xxxx号 / …"
                onChange={(e) => setAttribution(e.target.value)}
              />
            </label>
          )}
          <button
            data-testid="pack-import"
            disabled={busy || (!path.trim() && !file)}
            onClick={() => void doImport()}
          >
            {busy ? t('packs.importing') : t('packs.import')}
          </button>
          {(busy || progress) && (
            <ImportProgress
              t={t}
              progress={progress}
              onCancel={() =>
                void cancelImport().then((e) => e && setMessage({ ok: false, text: errorText(t, e) }))
              }
            />
          )}
        </div>
        {message && (
          <div
            className={message.ok ? 'pack-message ok' : 'pack-message error'}
            data-testid="pack-message"
            role="status"
          >
            {message.text}
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * The import running in main's import worker: a bar with the whole import's percent, the step and
 * file being worked on, and a cancel button (the worker is stopped, nothing of the pack is kept).
 */
function ImportProgress({
  t,
  progress,
  onCancel,
}: {
  t: (k: MessageKey, p?: Record<string, string | number>) => string;
  progress: MapPackProgress | null;
  onCancel: () => void;
}) {
  const percent = progress?.percent ?? 0;
  const label = progress
    ? t('packs.progress', {
        phase: t(`packs.phase.${progress.phase}` as MessageKey),
        file: progress.file ?? '',
        done: mb(progress.done),
        total: mb(progress.total),
        percent,
      })
    : t('packs.importing');
  return (
    <div
      className="pack-progress"
      data-testid="pack-progress"
      data-phase={progress?.phase ?? ''}
      data-percent={percent}
      style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
    >
      <progress
        data-testid="pack-progress-bar"
        max={100}
        value={percent}
        aria-label={label}
        style={{ width: '100%' }}
      />
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <span
          className="muted"
          data-testid="pack-progress-text"
          style={{ flex: 1, fontSize: 12, overflowWrap: 'anywhere' }}
        >
          {label}
        </span>
        <button data-testid="pack-cancel" onClick={onCancel}>
          {t('packs.cancel')}
        </button>
      </div>
    </div>
  );
}
