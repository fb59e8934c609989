/**
 * The app's entry: Mantine (theme, light/dark remembered), react-query (API cache), i18n, router.
 * An API answer 401 drops the session (back to sign-in); 503 `not_ready` shows the start-up screen.
 */
import '@mantine/core/styles.css';
import './app/app.css';
import { createTheme, localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/problem';
import { createAppRouter } from './app/router';
import { statusQuery } from './app/StartupGate';
import { I18nProvider } from './i18n/i18n';
import { sessionQuery } from './session/session';

const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 in the dark theme too: white on blue.5 is 3:1, under WCAG AA's 4.5:1.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  fontSizes: { md: '0.875rem' },
  focusRing: 'auto',
  // Filled buttons and badges in light colours (orange, yellow) get dark text: WCAG AA contrast.
  autoContrast: true,
  components: {
    Button: { defaultProps: { size: 'sm' } },
    TextInput: { defaultProps: { size: 'sm' } },
    Table: { defaultProps: { striped: true, highlightOnHover: true, verticalSpacing: 4 } },
  },
});

function onApiError(error: unknown): void {
  if (!(error instanceof ApiError)) return;
  if (error.status === 401) queryClient.setQueryData(sessionQuery.queryKey, null);
  if (error.code === 'not_ready') void queryClient.invalidateQueries({ queryKey: statusQuery.queryKey });
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (count, error) => count < 2 && error instanceof ApiError && error.status >= 500,
    },
  },
});

const router = createAppRouter(queryClient);
const colorSchemeManager = localStorageColorSchemeManager({ key: 'cashloop.color-scheme' });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager}>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <RouterProvider router={router} />
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
