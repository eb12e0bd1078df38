import { useEffect } from 'react';
import { connectStore, useApp, useT } from '../store';
import { MapView } from '../map/MapView';
import { SidePanel } from '../features/panel/SidePanel';
import { DispatchPanel } from '../features/dispatch/DispatchPanel';
import { SyncStatus } from '../features/sync';
import { errorText } from '../ui/errorText';

export function App() {
  const t = useT();
  const { info, picture, loadError, connected, settings, updateSettings } = useApp();

  useEffect(() => connectStore(), []);
  useEffect(() => {
    document.documentElement.dataset.theme = settings.theme;
    document.documentElement.lang = settings.locale;
    document.title = t('app.title');
  }, [settings.theme, settings.locale, t]);

  return (
    <div className="app">
      <header className="top-bar">
        <h1>{t('app.title')}</h1>
        {info?.scenarioName && <span className="scenario">{info.scenarioName}</span>}
        <div className="spacer" />
        <SyncStatus />
        <button
          data-testid="theme-toggle"
          onClick={() => void updateSettings({ theme: settings.theme === 'light' ? 'dark' : 'light' })}
        >
          {settings.theme === 'light' ? t('theme.dark') : t('theme.light')}
        </button>
        <button data-testid="lang-toggle" onClick={() => void updateSettings({ locale: settings.locale === 'zh-CN' ? 'en' : 'zh-CN' })}>
          {t('lang.switch')}
        </button>
      </header>
      {picture && isDemo(picture) && <div className="banner demo">{t('app.demoBanner')}</div>}
      {!connected && <div className="banner warn">{t('app.disconnected')}</div>}
      {loadError && <div className="banner error">{t('app.loadFailed', { message: errorText(t, loadError) })}</div>}
      <main className="body">
        <SidePanel />
        <DispatchPanel />
        <MapView />
      </main>
      {!picture && !loadError && <div className="loading">{t('app.loading')}</div>}
    </div>
  );
}

function isDemo(p: NonNullable<ReturnType<typeof useApp.getState>['picture']>): boolean {
  return [...p.units, ...p.incidents].some((x) => x.demo);
}
