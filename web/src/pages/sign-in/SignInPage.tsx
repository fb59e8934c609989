/** Sign-in (POST /v1/session): e-mail and password; the API's problem is shown next to its field. */
import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n/i18n';
import { useSignIn } from '../../session/session';

const FIELDS = ['email', 'password'] as const;

export function SignInPage() {
  const t = useT();
  const navigate = useNavigate();
  const { redirect } = useSearch({ from: '/sign-in' });
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  useEffect(() => {
    document.title = `${t('signIn.title')} · cashloop`;
  }, [t]);

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate(
      { email, password },
      { onSuccess: () => void navigate({ to: redirect?.startsWith('/') ? redirect : '/' }) },
    );
  }

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="lg" w={380}>
        <form onSubmit={submit} noValidate aria-labelledby="sign-in-title">
          <Stack gap="sm">
            <Title id="sign-in-title" order={1} size="h3">
              {t('signIn.title')}
            </Title>
            <ProblemAlert error={signIn.error} fields={FIELDS} title={t('signIn.failed')} />
            <TextInput
              label={t('signIn.email')}
              name="email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldError(signIn.error, 'email')}
            />
            <PasswordInput
              label={t('signIn.password')}
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldError(signIn.error, 'password')}
            />
            <Button type="submit" loading={signIn.isPending}>
              {t('signIn.submit')}
            </Button>
            <Text size="xs" c="dimmed">
              {t('signIn.demoHint')}
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
