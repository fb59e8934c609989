/**
 * The shell's header. From Mantine's `sm` breakpoint up: the shortcut help, the language switch,
 * the theme toggle, the notification bell (NotificationBell.tsx), the user's name (a link to their
 * sessions), the role and "Sign out". Below it (a phone): the Burger that shows the navigation,
 * the role, the bell, and one menu holding the user's sessions, the language, the theme and
 * "Sign out", so the header fits 360 px.
 */
import {
  ActionIcon,
  Anchor,
  Badge,
  Burger,
  Button,
  Group,
  Menu,
  SegmentedControl,
  Text,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
  useMantineTheme,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Link } from '@tanstack/react-router';
import { type Language, useI18n } from '../i18n/i18n';
import { type Session, useSession, useSignOut } from '../session/session';
import { NotificationBell } from './NotificationBell';

const LANGUAGES: readonly { value: Language; label: string }[] = [
  { value: 'en', label: 'EN' },
  { value: 'de', label: 'DE' },
];

/** True below the theme's `sm` breakpoint, read at the first render (the app renders only in a browser). */
export function usePhone(): boolean {
  const theme = useMantineTheme();
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints.sm})`, true, {
    getInitialValueInEffect: false,
  });
  return !wide;
}

export function Header({
  onHelp,
  navOpen,
  onToggleNav,
}: {
  onHelp: () => void;
  navOpen: boolean;
  onToggleNav: () => void;
}) {
  const { t } = useI18n();
  const { data: session } = useSession();
  const phone = usePhone();
  return (
    <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
      <Group gap="sm" wrap="nowrap">
        {phone && (
          <Burger
            size="sm"
            opened={navOpen}
            onClick={onToggleNav}
            aria-label={t('app.navigation.toggle')}
            aria-expanded={navOpen}
            aria-controls="app-navigation"
          />
        )}
        <Anchor href="#main" className="skip-link">
          {t('app.skipToContent')}
        </Anchor>
        <Text fw={700} size="lg">
          {t('app.name')}
        </Text>
      </Group>
      {phone ? <PhoneActions session={session} /> : <DesktopActions session={session} onHelp={onHelp} />}
    </Group>
  );
}

function DesktopActions({ session, onHelp }: { session: Session | null | undefined; onHelp: () => void }) {
  const { t, language, setLanguage } = useI18n();
  return (
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
        data={[...LANGUAGES]}
      />
      <ThemeToggle />
      {session?.user && <NotificationBell />}
      {session && <UserMenu session={session} />}
    </Group>
  );
}

function ThemeToggle() {
  const { t } = useI18n();
  const { scheme, toggle } = useThemeToggle();
  return (
    <Tooltip label={t('app.theme.toggle')}>
      <ActionIcon variant="default" aria-label={t('app.theme.toggle')} onClick={toggle}>
        {scheme === 'dark' ? '☀' : '☾'}
      </ActionIcon>
    </Tooltip>
  );
}

function useThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  return { scheme, toggle: () => setColorScheme(scheme === 'dark' ? 'light' : 'dark') };
}

function UserMenu({ session }: { session: Session }) {
  const { t } = useI18n();
  const signOut = useSignOut();
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
      <RoleBadge session={session} />
      <Button size="compact-sm" variant="subtle" onClick={() => signOut.mutate()} loading={signOut.isPending}>
        {t('app.signOut')}
      </Button>
    </Group>
  );
}

function RoleBadge({ session, maw }: { session: Session; maw?: number }) {
  const { t } = useI18n();
  const role = session.user?.role;
  if (!role) return null;
  return (
    <Badge size="sm" variant="light" data-testid="user-role" maw={maw} title={t(`app.role.${role}`)}>
      {t(`app.role.${role}`)}
    </Badge>
  );
}

/** A phone's header: the role, then one menu for the user's sessions, language, theme and sign-out. */
function PhoneActions({ session }: { session: Session | null | undefined }) {
  const { t, language, setLanguage } = useI18n();
  const signOut = useSignOut();
  const theme = useThemeToggle();
  return (
    <Group gap={6} wrap="nowrap" miw={0}>
      {session && <RoleBadge session={session} maw={150} />}
      {session?.user && <NotificationBell />}
      <Menu position="bottom-end" width={220}>
        <Menu.Target>
          <ActionIcon variant="default" aria-label={t('app.menu')}>
            ⋮
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {session?.user ? (
            <Menu.Item
              data-testid="user-name"
              renderRoot={(props) => <Link to="/settings" search={{ section: 'sessions' }} {...props} />}
            >
              {session.user.name} · {t('app.mySessions')}
            </Menu.Item>
          ) : (
            <Menu.Label data-testid="user-name">{t('app.apiKeySession')}</Menu.Label>
          )}
          <Menu.Label>{t('app.language')}</Menu.Label>
          {LANGUAGES.map((l) => (
            <Menu.Item
              key={l.value}
              aria-current={l.value === language ? 'true' : undefined}
              leftSection={l.value === language ? '✓' : ' '}
              onClick={() => setLanguage(l.value)}
            >
              {l.label}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={theme.scheme === 'dark' ? '☀' : '☾'} onClick={theme.toggle}>
            {t('app.theme.toggle')}
          </Menu.Item>
          <Menu.Item onClick={() => signOut.mutate()}>{t('app.signOut')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
