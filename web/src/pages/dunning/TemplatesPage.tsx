/**
 * The dunning message templates (GET /v1/message-templates?kind=dunning), one per level and
 * language (`?template=dunning-2&language=de`). The wording is edited with a live preview: the
 * draft is rendered by the API with sample data (POST …/preview) a moment after each change.
 * Saving (PUT) and resetting to the default (DELETE) need `write`.
 */
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { ErrorState, LoadingState, QueryView } from '../../components/states';
import { useT } from '../../i18n/i18n';
import { Can, useCan } from '../../session/session';
import { DunningLayout } from './DunningLayout';

type Template = components['schemas']['MessageTemplate'];

export function TemplatesPage() {
  const t = useT();
  const search = useSearch({ from: '/app/dunning/templates' });
  const navigate = useNavigate({ from: '/dunning/templates' });
  const list = useQuery({
    queryKey: ['message-templates', 'dunning'],
    queryFn: () => data(api.GET('/v1/message-templates', { params: { query: { kind: 'dunning' } } })),
  });
  return (
    <DunningLayout tab="/dunning/templates">
      <QueryView query={list}>
        {({ items }) => {
          const names = [...new Set(items.map((x) => x.name))].sort();
          const languages = [...new Set(items.map((x) => x.language))].sort();
          const template =
            search.template && names.includes(search.template) ? search.template : (names[0] ?? '');
          const language =
            search.language && languages.includes(search.language) ? search.language : (languages[0] ?? 'en');
          return (
            <Stack gap="sm">
              <Group align="flex-end">
                <Select
                  label={t('dunning.templates.template')}
                  data={names}
                  value={template}
                  allowDeselect={false}
                  onChange={(v) => v && void navigate({ search: (prev) => ({ ...prev, template: v }) })}
                  w={200}
                />
                <SegmentedControl
                  aria-label={t('app.language')}
                  data={languages}
                  value={language}
                  onChange={(v) => void navigate({ search: (prev) => ({ ...prev, language: v }) })}
                />
              </Group>
              {template && (
                <TemplateEditor key={`${template}/${language}`} template={template} language={language} />
              )}
            </Stack>
          );
        }}
      </QueryView>
    </DunningLayout>
  );
}

function TemplateEditor({ template, language }: { template: string; language: string }) {
  const q = useQuery({
    queryKey: ['message-templates', template, language],
    queryFn: () =>
      data(
        api.GET('/v1/message-templates/{template}/{language}', { params: { path: { template, language } } }),
      ),
  });
  return <QueryView query={q}>{(tpl) => <EditorBody tpl={tpl} />}</QueryView>;
}

function EditorBody({ tpl }: { tpl: Template }) {
  const t = useT();
  const qc = useQueryClient();
  const [subject, setSubject] = useState(tpl.subject);
  const [body, setBody] = useState(tpl.body);
  useEffect(() => {
    setSubject(tpl.subject);
    setBody(tpl.body);
  }, [tpl]);
  const [draft] = useDebouncedValue({ subject, body }, 300);
  const path = { template: tpl.name, language: tpl.language };
  const preview = useQuery({
    queryKey: ['message-templates', tpl.name, tpl.language, 'preview', draft],
    queryFn: () =>
      data(
        api.POST('/v1/message-templates/{template}/{language}/preview', { params: { path }, body: draft }),
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['message-templates'] });
  const save = useMutation({
    mutationFn: () =>
      data(
        api.PUT('/v1/message-templates/{template}/{language}', { params: { path }, body: { subject, body } }),
      ),
    onSuccess: refresh,
  });
  const reset = useMutation({
    mutationFn: () => data(api.DELETE('/v1/message-templates/{template}/{language}', { params: { path } })),
    onSuccess: refresh,
  });
  const changed = subject !== tpl.subject || body !== tpl.body;
  // The API refuses a change by any other role (the wording carries the payment instructions).
  const readOnly = !useCan()('admin');
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <Stack gap="xs">
        <Group gap="xs">
          <Badge variant="light" color={tpl.source === 'tenant' ? 'grape' : 'gray'}>
            {t(tpl.source === 'tenant' ? 'dunning.templates.own' : 'dunning.templates.default')}
          </Badge>
        </Group>
        <ProblemAlert error={save.error ?? reset.error} fields={['subject', 'body']} />
        {readOnly && (
          <Text size="sm" c="dimmed" data-testid="templates-read-only">
            {t('dunning.templates.adminOnly')}
          </Text>
        )}
        <TextInput
          label={t('dunning.templates.subject')}
          readOnly={readOnly}
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          error={fieldError(save.error, 'subject') ?? fieldError(preview.error, 'subject')}
        />
        <Textarea
          label={t('dunning.templates.body')}
          autosize
          minRows={12}
          maxRows={28}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          readOnly={readOnly}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={fieldError(save.error, 'body') ?? fieldError(preview.error, 'body')}
        />
        <Can access="admin">
          <Group gap="xs">
            <Button size="xs" disabled={!changed} loading={save.isPending} onClick={() => save.mutate()}>
              {t('form.save')}
            </Button>
            {tpl.source === 'tenant' && tpl.hasDefault && (
              <Button size="xs" variant="default" loading={reset.isPending} onClick={() => reset.mutate()}>
                {t('dunning.templates.reset')}
              </Button>
            )}
          </Group>
        </Can>
        <Text size="xs" c="dimmed">
          {t('dunning.templates.variables')}{' '}
          {tpl.variables.map((v) => (
            <Code key={v.name} title={v.description} mr={4}>
              {v.block ? `{{#if ${v.name}}}` : `{{${v.name}}}`}
            </Code>
          ))}
        </Text>
      </Stack>
      <Paper withBorder p="sm">
        <Title order={2} size="h6" mb={4}>
          {t('dunning.templates.preview')}
        </Title>
        {preview.isPending ? (
          <LoadingState />
        ) : preview.isError ? (
          <ErrorState error={preview.error} />
        ) : (
          <Stack gap="xs" data-testid="template-preview">
            <Text fw={600}>{preview.data.subject}</Text>
            <iframe
              title={t('dunning.templates.preview')}
              sandbox=""
              srcDoc={preview.data.html}
              style={{ width: '100%', height: 480, border: 0, background: 'white' }}
            />
          </Stack>
        )}
        {changed && (
          <Alert color="yellow" mt="xs" p={6}>
            <Text size="xs">{t('dunning.templates.unsaved')}</Text>
          </Alert>
        )}
      </Paper>
    </SimpleGrid>
  );
}
