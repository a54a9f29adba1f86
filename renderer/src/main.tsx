import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app/mantine-styles';
import { App } from './app/App';
import { ApiClient } from '../../shared/contract';
import { ApiProvider, createQueryClient } from './app/api';
import { prefetchSettings, ThemeProvider } from './app/theme';
import { applyLanguageSetting, initI18n } from './i18n/i18n';
import { selectTransport } from './transport/select';
import './styles.css';
import './app/theme.css';

await initI18n();
const selected = selectTransport();
const queryClient = createQueryClient();
// The stored theme and language before the first paint: no flash of the wrong ones.
const settings = await prefetchSettings(queryClient, new ApiClient(selected.transport));
if (settings) await applyLanguageSetting(settings.language);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ApiProvider selected={selected}>
        <ThemeProvider>
          <App />
        </ThemeProvider>
      </ApiProvider>
    </QueryClientProvider>
  </StrictMode>,
);
