/**
 * The signed-in frame: header (ShellHeader.tsx: theme, language, user, sign-out), navigation with
 * each page's shortcut, and the page in `<main>`. A skip link leads keyboard users past the
 * navigation. Below Mantine's `sm` breakpoint (a phone) the navigation is hidden behind the
 * header's Burger and closes again when a page is chosen.
 */
import { AppShell, Kbd, Modal, NavLink, Stack, Table, Text } from '@mantine/core';
import { Link, useRouterState } from '@tanstack/react-router';
import { type ReactNode, useCallback, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useCan } from '../session/session';
import { useCurrentPageShortcuts } from './page-shortcuts';
import { pagesFor } from './pages';
import { Header } from './ShellHeader';
import { useGoShortcuts } from './use-go-shortcuts';

export function Shell({ children }: { children: ReactNode }) {
  const [helpOpen, setHelpOpen] = useState(false);
  const toggleHelp = useCallback(() => setHelpOpen((open) => !open), []);
  useGoShortcuts(toggleHelp);
  // The phone's navigation is open for the page it was opened on: choosing a page (by link,
  // shortcut or browser history) closes it.
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const [navOpenOn, setNavOpenOn] = useState<string | null>(null);
  const navOpen = navOpenOn === pathname;
  return (
    <AppShell
      header={{ height: 44 }}
      navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      padding="md"
    >
      <AppShell.Header>
        <Header
          onHelp={toggleHelp}
          navOpen={navOpen}
          onToggleNav={() => setNavOpenOn(navOpen ? null : pathname)}
        />
      </AppShell.Header>
      <AppShell.Navbar
        p={4}
        aria-label="navigation"
        id="app-navigation"
        className="app-navbar"
        data-open={navOpen || undefined}
      >
        <Navigation onNavigate={() => setNavOpenOn(null)} />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
      <ShortcutHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </AppShell>
  );
}

function Navigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useI18n();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const pages = pagesFor(useCan());
  return (
    <nav aria-label={t('nav.main')}>
      <Stack gap={0}>
        {pages.map((page) => (
          <NavLink
            key={page.path}
            component={Link}
            to={page.path}
            label={t(page.label)}
            active={page.path === '/' ? pathname === '/' : pathname.startsWith(page.path)}
            rightSection={<Kbd size="xs">g {page.key}</Kbd>}
            onClick={onNavigate}
            py={6}
          />
        ))}
      </Stack>
    </nav>
  );
}

function ShortcutHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const pageShortcuts = useCurrentPageShortcuts();
  const pages = pagesFor(useCan());
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('app.close') }}
      opened={opened}
      onClose={onClose}
      title={t('app.shortcuts')}
      size="sm"
    >
      <Text size="sm" mb="xs">
        {t('app.shortcuts.hint')}
      </Text>
      <Table>
        <Table.Tbody>
          {pages.map((page) => (
            <Table.Tr key={page.path}>
              <Table.Td>
                <Kbd>g</Kbd> <Kbd>{page.key}</Kbd>
              </Table.Td>
              <Table.Td>{t(page.label)}</Table.Td>
            </Table.Tr>
          ))}
          {pageShortcuts.map((shortcut) => (
            <Table.Tr key={shortcut.label}>
              <Table.Td>
                {shortcut.keys.map((key) => (
                  <Kbd key={key} mr={4}>
                    {key}
                  </Kbd>
                ))}
              </Table.Td>
              <Table.Td>{shortcut.label}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
