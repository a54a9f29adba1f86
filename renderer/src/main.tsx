import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import { App } from './app/App';
import { ApiProvider, createQueryClient } from './app/api';
import { ThemeProvider } from './app/theme';
import { initI18n } from './i18n/i18n';
import { selectTransport } from './transport/select';
import './styles.css';
import './app/theme.css';

await initI18n();
const selected = selectTransport();
const queryClient = createQueryClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ThemeProvider>
      <QueryClientProvider client={queryClient}>
        <ApiProvider selected={selected}>
          <App />
        </ApiProvider>
      </QueryClientProvider>
    </ThemeProvider>
  </StrictMode>,
);
