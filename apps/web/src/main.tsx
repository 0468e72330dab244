import '@utrecht/design-tokens/dist/index.css';
import './utrecht-components';
import './styles.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { App } from './app';
import { ProblemError } from './api/client';
import { i18n, languageReady } from './i18n';
import { catalogueQuery } from './api/hooks';
import { session } from './session';

const queries = new QueryClient({
  defaultOptions: {
    queries: { retry: (count, error) => count < 2 && error instanceof ProblemError && error.retryable, staleTime: 5000 },
  },
});

// Nearly every page of a signed-in user shows the catalogue's labels: asked for at once, while the page's own code loads.
if (session.user()) void queries.prefetchQuery(catalogueQuery);

// A user who chose English sees the app once its English texts are here (a file of their own).
void languageReady.then(() => {
  document.documentElement.lang = i18n.language;
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queries}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </I18nextProvider>
    </StrictMode>,
  );
});
