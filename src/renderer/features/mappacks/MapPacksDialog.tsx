import { useState } from 'react';
import { useApp, useLocale, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { formatTime } from '../../ui/time';
import { useEscape } from '../../ui/useEscape';
import { useFocusTrap } from '../../ui/useFocusTrap';
import type { AppError } from '../../../shared/ipc';

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
  const { setPacksOpen, importPack, switchPack, removePack } = useApp.getState();
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
    const r = await importPack({ ...(file ? { file } : { path: path.trim() }), ...(attribution.trim() ? { attribution: attribution.trim() } : {}) });
    setBusy(false);
    if (r.ok) {
      setMessage({ ok: true, text: t('packs.imported', { name: r.pack.name }) });
      setPath('');
      setFile(null);
      setAttribution('');
      setNeedsAttribution(false);
    } else {
      setNeedsAttribution(r.error.code === 'MAP_PACK_NEEDS_ATTRIBUTION');
      setMessage({ ok: false, text: r.error.code === 'TOO_LARGE' ? t('packs.tooLarge', { message: r.error.message }) : t('packs.refused', { message: errorText(t, r.error) }) });
    }
  };
  const act = async (fn: () => Promise<AppError | null>) => {
    const e = await fn();
    setMessage(e ? { ok: false, text: errorText(t, e) } : null);
  };

  return (
    <div className="dialog-backdrop" onClick={() => setPacksOpen(false)}>
      <div ref={trap} className="dialog" data-testid="packs-dialog" role="dialog" aria-modal="true" aria-label={t('packs.title')} onClick={(e) => e.stopPropagation()}>
        <div className="dialog-head">
          <h2>{t('packs.title')}</h2>
          <button className="close" data-testid="packs-close" aria-label={t('card.close')} autoFocus onClick={() => setPacksOpen(false)}>
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
            <li key={p.id} className={current === p.id ? 'current' : ''} data-testid="pack-item" data-id={p.id}>
              <div className="pack-name">
                {p.name} {current === p.id && <span className="badge">{t('packs.inUse')}</span>}
              </div>
              <div className="muted">{p.attribution}</div>
              <div className="muted">{t('packs.layers', { n: p.layers, date: formatTime(locale, p.importedAt) })}</div>
              {current !== p.id && (
                <button data-testid="pack-use" onClick={() => void act(() => switchPack(p.id))}>
                  {t('packs.use')}
                </button>
              )}
              <button
                data-testid="pack-remove"
                onClick={() => {
                  if (window.confirm(t('packs.confirmRemove', { name: p.name }))) void act(() => removePack(p.id));
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
            <input data-testid="pack-path" value={path} placeholder="/media/usb/basemap-shanxi" onChange={(e) => { setPath(e.target.value); setFile(null); }} />
          </label>
          <label>
            {t('packs.zip')}
            <input data-testid="pack-file" type="file" accept=".zip,application/zip" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setPath(''); }} />
          </label>
          {needsAttribution && (
            <label>
              {t('packs.attribution')}
              <input data-testid="pack-attribution" value={attribution} placeholder="审图号 GS(20xx)xxxx号 / …" onChange={(e) => setAttribution(e.target.value)} />
            </label>
          )}
          <button data-testid="pack-import" disabled={busy || (!path.trim() && !file)} onClick={() => void doImport()}>
            {busy ? t('packs.importing') : t('packs.import')}
          </button>
        </div>
        {message && (
          <div className={message.ok ? 'pack-message ok' : 'pack-message error'} data-testid="pack-message" role="status">
            {message.text}
          </div>
        )}
      </div>
    </div>
  );
}
