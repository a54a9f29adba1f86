import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HashRouter, NavLink, Route, Routes } from 'react-router';
import { applyLanguageSetting } from '../i18n/i18n';
import { AboutPage } from '../pages/AboutPage';
import { AssetFormPage } from '../pages/AssetFormPage';
import { AssetPage } from '../pages/AssetPage';
import { AssetsPage } from '../pages/AssetsPage';
import { DashboardPage } from '../pages/DashboardPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { OpenVisitsPage } from '../pages/OpenVisitsPage';
import { ReportsPage } from '../pages/reports/ReportsPage';
import { SessionReportPage } from '../pages/reports/SessionReportPage';
import { SettingsPage } from '../pages/SettingsPage';
import { SiteFormPage } from '../pages/SiteFormPage';
import { SitePage } from '../pages/SitePage';
import { SitesPage } from '../pages/SitesPage';
import { SyncPage } from '../pages/sync/SyncPage';
import { QuickOpen } from '../components/QuickOpen';
import { LivePage } from '../sensors/LivePage';
import { SensorsPage } from '../sensors/SensorsPage';
import { NewSessionPage } from '../recording/NewSessionPage';
import { RecoveryBanner } from '../recording/RecoveryBanner';
import { SessionPage } from '../recording/SessionPage';
import { ShippingBanners } from '../shipping/ShippingBanners';
import { ModelsPage } from '../insight/ModelsPage';
import { useApi, useApiQuery } from './api';

export function App() {
  return (
    <HashRouter>
      <Shell />
    </HashRouter>
  );
}

/** Moves focus to the page's content. A plain href="#main" would be read by the hash router as a route. */
function skipToMain(event: React.MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  const main = document.getElementById('main');
  main?.focus();
  main?.scrollIntoView({ block: 'start' });
}

function Shell() {
  const { t } = useTranslation();
  const settings = useApiQuery('settings.get', {});
  const connected = useConnection();

  const language = settings.data?.language;
  useEffect(() => {
    if (language) void applyLanguageSetting(language);
  }, [language]);

  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <nav aria-label={t('nav.main')} className="app-nav">
          <NavLink to="/" end>
            {t('ui.nav.home')}
          </NavLink>
          <NavLink to="/visits">{t('ui.nav.visits')}</NavLink>
          <NavLink to="/sites">{t('nav.sites')}</NavLink>
          <NavLink to="/assets">{t('nav.assets')}</NavLink>
          <NavLink to="/sensors">{t('sensors.nav')}</NavLink>
          <NavLink to="/sessions/new">{t('recording.nav')}</NavLink>
          <NavLink to="/reports">{t('reports.nav')}</NavLink>
          <NavLink to="/sync">{t('sync.nav')}</NavLink>
          <NavLink to="/models">{t('insight.nav')}</NavLink>
          <NavLink to="/settings">{t('nav.settings')}</NavLink>
          <NavLink to="/about">{t('nav.about')}</NavLink>
        </nav>
        <QuickOpen />
      </header>
      {connected ? null : (
        <div className="banner banner-warn" role="status">
          <span aria-hidden="true">{'▲ '}</span>
          {t('connection.lost')}
        </div>
      )}
      <RecoveryBanner />
      <ShippingBanners />
      <main id="main" className="app-main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<DashboardPage />} />
          <Route path="/visits" element={<OpenVisitsPage />} />
          <Route path="/sites" element={<SitesPage />} />
          <Route path="/sites/new" element={<SiteFormPage />} />
          <Route path="/sites/:id" element={<SitePage />} />
          <Route path="/sites/:id/edit" element={<SiteFormPage />} />
          <Route path="/sites/:siteId/assets/new" element={<AssetFormPage />} />
          <Route path="/assets" element={<AssetsPage />} />
          <Route path="/assets/:id" element={<AssetPage />} />
          <Route path="/assets/:id/edit" element={<AssetFormPage />} />
          <Route path="/sensors" element={<SensorsPage />} />
          <Route path="/sensors/:deviceId" element={<LivePage />} />
          <Route path="/sessions/new" element={<NewSessionPage />} />
          <Route path="/sessions/:id" element={<SessionPage />} />
          <Route path="/reports" element={<ReportsPage />} />
          <Route path="/reports/:sessionId" element={<SessionReportPage />} />
          <Route path="/sync" element={<SyncPage />} />
          <Route path="/models" element={<ModelsPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/about" element={<AboutPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </>
  );
}

function useConnection(): boolean {
  const { selected } = useApi();
  const [connected, setConnected] = useState(true);
  useEffect(() => selected.onStatus(setConnected), [selected]);
  return connected;
}
