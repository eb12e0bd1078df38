import { useEffect, useState } from 'react';
import type { Picture } from '../../shared/ipc';
import { connectStore, useApp, useT } from '../store';
import { MapView } from '../map/MapView';
import { ListPanel } from '../features/lists/ListPanel';
import { DetailPanel } from './DetailPanel';
import { HoverCard } from '../features/cards/HoverCard';
import { MapSearch } from '../features/search/MapSearch';
import { LayerPanel } from './LayerPanel';
import { MapPacksDialog } from '../features/mappacks/MapPacksDialog';
import { ReportForm } from '../features/report/ReportForm';
import { SyncStatus } from '../features/sync';
import { AlertCenter } from '../features/desk/AlertCenter';
import { OnDuty, useDutySignIn } from '../features/desk/DutySignIn';
import { DutyDesk } from '../features/desk/DutyDesk';
import { WarningsPanel } from '../features/warnings/WarningsPanel';
import { inForce } from '../../shared/warnings/state';
import { UnitConsole } from '../features/desk/UnitConsole';
import { DeskRules } from '../features/desk/DeskRules';
import { ReportsDialog } from '../features/reports/ReportsDialog';
import { StatisticsPanel } from '../features/statistics/StatisticsPanel';
import { Consultations } from '../features/consult/Consultations';
import { useZeroReports, ZeroReportButton, ZeroReports } from '../features/desk/ZeroReports';
import { errorText } from '../ui/errorText';
import { PlanningPanel } from '../features/planning/PlanningPanel';
import { AnnotationToolbar } from '../features/annotations/AnnotationToolbar';

const isDemo = (p: Picture) => [...p.units, ...p.incidents].some((x) => x.demo);

/**
 * The duty officer's workspace: the lists on the left, the map, and over the map's right edge
 * the panel of what is selected. Nothing important stands over anything else: the map keeps the
 * selection clear of the panels over it (padding), and the layer switches fold away.
 */
export function App() {
  const t = useT();
  const info = useApp((s) => s.info);
  const hasPicture = useApp((s) => s.picture !== null);
  const demo = useApp((s) => (s.picture ? isDemo(s.picture) : false));
  const loadError = useApp((s) => s.loadError);
  const connected = useApp((s) => s.connected);
  const theme = useApp((s) => s.settings.theme);
  const locale = useApp((s) => s.settings.locale);

  useEffect(() => connectStore(), []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.lang = locale;
    document.title = t('app.title');
  }, [theme, locale, t]);
  const { updateSettings } = useApp.getState();
  const duty = useDutySignIn();
  const [rulesOpen, setRulesOpen] = useState(false);
  const [dutyOpen, setDutyOpen] = useState(false);
  const [warningsOpen, setWarningsOpen] = useState(false);
  const warningsInForce = useApp((s) => s.warnings.filter(inForce).length);
  const [reportsOpen, setReportsOpen] = useState(false);
  const [statsOpen, setStatsOpen] = useState(false);
  const [zeroOpen, setZeroOpen] = useState(false);
  const [planningOpen, setPlanningOpen] = useState(false);
  const zero = useZeroReports();

  return (
    <div className="app">
      <header className="top-bar">
        <h1 title={t('app.title')}>
          {/* The name, then what it is: at 1366 px the second part gives way so every button stays on screen. */}
          <span className="brand">{t('app.title').split(' · ')[0]}</span>
          <span className="brand-sub"> · {t('app.title').split(' · ').slice(1).join(' · ')}</span>
        </h1>
        {info?.scenarioName && <span className="scenario">{info.scenarioName}</span>}
        <div className="spacer" />
        <OnDuty person={duty.person} onClick={() => setDutyOpen(true)} />
        <SyncStatus />
        <ZeroReportButton reports={zero.reports} onClick={() => setZeroOpen(true)} />
        <Consultations />
        <button
          type="button"
          data-testid="planning-open"
          aria-pressed={planningOpen}
          className={planningOpen ? 'active' : ''}
          onClick={() => {
            setPlanningOpen(!planningOpen);
            setWarningsOpen(false);
          }}
        >
          {t('plan.open')}
        </button>
        <button
          type="button"
          data-testid="warnings-open"
          aria-pressed={warningsOpen}
          className={warningsOpen ? 'active' : warningsInForce > 0 ? 'warn' : ''}
          onClick={() => {
            setWarningsOpen(!warningsOpen);
            setPlanningOpen(false);
          }}
        >
          {warningsInForce > 0 ? t('warn.openInForce', { n: warningsInForce }) : t('warn.open')}
        </button>
        <button type="button" data-testid="reports-open" onClick={() => setReportsOpen(true)}>
          {t('reports.open')}
        </button>
        <button
          type="button"
          data-testid="stats-open"
          aria-pressed={statsOpen}
          className={statsOpen ? 'active' : ''}
          onClick={() => setStatsOpen(!statsOpen)}
        >
          {t('stats.open')}
        </button>
        <button type="button" data-testid="desk-rules-open" onClick={() => setRulesOpen(true)}>
          {t('deskRules.open')}
        </button>
        <button
          data-testid="theme-toggle"
          onClick={() => void updateSettings({ theme: theme === 'light' ? 'dark' : 'light' })}
        >
          {theme === 'light' ? t('theme.dark') : t('theme.light')}
        </button>
        <button
          data-testid="lang-toggle"
          onClick={() => void updateSettings({ locale: locale === 'zh-CN' ? 'en' : 'zh-CN' })}
        >
          {t('lang.switch')}
        </button>
      </header>
      {duty.form && <div className="banner signin">{duty.form}</div>}
      <AlertCenter />
      {demo && <div className="banner demo">{t('app.demoBanner')}</div>}
      {!connected && (
        <div className="banner warn" role="alert" data-testid="disconnected">
          {t('app.disconnected')}
        </div>
      )}
      {loadError && (
        <div className="banner error">{t('app.loadFailed', { message: errorText(t, loadError) })}</div>
      )}
      <main className="workspace">
        <UnitConsole />
        <ListPanel />
        <div className="map-area" data-testid="map-area">
          <MapView />
          <MapSearch />
          <LayerPanel />
          <HoverCard />
          <AnnotationToolbar />
          {statsOpen && <StatisticsPanel onClose={() => setStatsOpen(false)} />}
          {planningOpen ? (
            <PlanningPanel onClose={() => setPlanningOpen(false)} />
          ) : warningsOpen ? (
            <WarningsPanel onClose={() => setWarningsOpen(false)} />
          ) : (
            <DetailPanel />
          )}
        </div>
      </main>
      <ReportForm />
      <MapPacksDialog />
      <DeskRules open={rulesOpen} onClose={() => setRulesOpen(false)} />
      <DutyDesk open={dutyOpen} onClose={() => setDutyOpen(false)} onChangePerson={duty.openHandover} />
      <ReportsDialog open={reportsOpen} onClose={() => setReportsOpen(false)} />
      <ZeroReports
        open={zeroOpen}
        onClose={() => setZeroOpen(false)}
        reports={zero.reports}
        reload={zero.reload}
      />
      {!hasPicture && !loadError && <div className="loading">{t('app.loading')}</div>}
    </div>
  );
}
