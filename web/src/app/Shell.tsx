/**
 * The signed-in frame: header (theme, language, user, sign-out), navigation with each page's
 * shortcut, and the page in `<main>`. A skip link leads keyboard users past the navigation.
 */
import {
  ActionIcon,
  Anchor,
  AppShell,
  Badge,
  Button,
  Group,
  Kbd,
  Modal,
  NavLink,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { Link, useRouterState } from '@tanstack/react-router';
import { type ReactNode, useCallback, useState } from 'react';
import { type Language, useI18n } from '../i18n/i18n';
import { type Session, useSession, useSignOut } from '../session/session';
import { useCurrentPageShortcuts } from './page-shortcuts';
import { MAIN_PAGES } from './pages';
import { useGoShortcuts } from './use-go-shortcuts';

export function Shell({ children }: { children: ReactNode }) {
  const [helpOpen, setHelpOpen] = useState(false);
  const toggleHelp = useCallback(() => setHelpOpen((open) => !open), []);
  useGoShortcuts(toggleHelp);
  return (
    <AppShell header={{ height: 44 }} navbar={{ width: 210, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Header onHelp={toggleHelp} />
      </AppShell.Header>
      <AppShell.Navbar p={4} aria-label="navigation">
        <Navigation />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
      <ShortcutHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </AppShell>
  );
}

function Header({ onHelp }: { onHelp: () => void }) {
  const { t, language, setLanguage } = useI18n();
  const { data: session } = useSession();
  return (
    <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
      <Group gap="sm">
        <Anchor href="#main" className="skip-link">
          {t('app.skipToContent')}
        </Anchor>
        <Text fw={700} size="lg">
          {t('app.name')}
        </Text>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Tooltip label={t('app.shortcuts')}>
          <ActionIcon variant="subtle" onClick={onHelp} aria-label={t('app.shortcuts')}>
            ?
          </ActionIcon>
        </Tooltip>
        <SegmentedControl
          size="xs"
          aria-label={t('app.language')}
          value={language}
          onChange={(value) => setLanguage(value as Language)}
          data={[
            { value: 'en', label: 'EN' },
            { value: 'de', label: 'DE' },
          ]}
        />
        <ThemeToggle />
        {session && <UserMenu session={session} />}
      </Group>
    </Group>
  );
}

function ThemeToggle() {
  const { t } = useI18n();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  return (
    <Tooltip label={t('app.theme.toggle')}>
      <ActionIcon
        variant="default"
        aria-label={t('app.theme.toggle')}
        onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
      >
        {scheme === 'dark' ? '☀' : '☾'}
      </ActionIcon>
    </Tooltip>
  );
}

function UserMenu({ session }: { session: Session }) {
  const { t } = useI18n();
  const signOut = useSignOut();
  const role = session.user?.role;
  return (
    <Group gap={6} wrap="nowrap">
      {session.user ? (
        <Anchor
          size="sm"
          data-testid="user-name"
          title={t('app.mySessions')}
          renderRoot={(props) => <Link to="/settings" search={{ section: 'sessions' }} {...props} />}
        >
          {session.user.name}
        </Anchor>
      ) : (
        <Text size="sm" data-testid="user-name">
          {t('app.apiKeySession')}
        </Text>
      )}
      {role && (
        <Badge size="sm" variant="light" data-testid="user-role">
          {t(`app.role.${role}`)}
        </Badge>
      )}
      <Button size="compact-sm" variant="subtle" onClick={() => signOut.mutate()} loading={signOut.isPending}>
        {t('app.signOut')}
      </Button>
    </Group>
  );
}

function Navigation() {
  const { t } = useI18n();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  return (
    <nav aria-label={t('nav.main')}>
      <Stack gap={0}>
        {MAIN_PAGES.map((page) => (
          <NavLink
            key={page.path}
            component={Link}
            to={page.path}
            label={t(page.label)}
            active={page.path === '/' ? pathname === '/' : pathname.startsWith(page.path)}
            rightSection={<Kbd size="xs">g {page.key}</Kbd>}
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
          {MAIN_PAGES.map((page) => (
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
