/**
 * The customer portal's entry (web/portal.html, served at /portal): Mantine, react-query and the
 * portal's own i18n. It imports nothing of the staff app (no router, no session, no staff pages):
 * a phone loads only what the portal shows.
 */
import '@mantine/core/styles.css';
import './portal.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PortalApp } from './PortalApp';
import { PortalError, setPortalToken } from './portal-api';
import { PortalI18nProvider } from './portal-i18n';
import { invoicesQuery, sessionQuery, statementQuery } from './portal-queries';
import { takePortalToken } from './portal-token';

const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'md',
  focusRing: 'auto',
  autoContrast: true,
  // Tap targets of at least 40 px on a phone.
  components: {
    Button: { defaultProps: { size: 'md' } },
    TextInput: { defaultProps: { size: 'md' } },
    Textarea: { defaultProps: { size: 'md' } },
    NativeSelect: { defaultProps: { size: 'md' } },
  },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => count < 2 && error instanceof PortalError && error.status >= 500,
    },
  },
});

const token = takePortalToken();
setPortalToken(token);
// The first page's three reads start at once, in parallel, before React renders: the session,
// the open items and today's totals (the statement) do not wait for one another.
if (token) {
  void queryClient.prefetchQuery(sessionQuery);
  void queryClient.prefetchInfiniteQuery(invoicesQuery('open'));
  void queryClient.prefetchQuery(statementQuery(undefined));
}

const root = document.getElementById('portal');
if (!root) throw new Error('portal.html has no #portal');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <PortalI18nProvider>
          <PortalApp token={token} />
        </PortalI18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
