import { Alert, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../api/problems';
import { Icon } from '../app/icons';

export function PageHeader({
  title,
  description,
  actions,
  eyebrow,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  eyebrow?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" mb="lg" wrap="wrap" gap="md">
      <Stack gap={4}>
        {eyebrow && (
          <Text size="sm" c="dimmed">
            {eyebrow}
          </Text>
        )}
        <Title order={1} size="h2">
          {title}
        </Title>
        {description && (
          <Text c="dimmed" maw={720}>
            {description}
          </Text>
        )}
      </Stack>
      {actions && <Group gap="sm">{actions}</Group>}
    </Group>
  );
}

/** An error that belongs to no single field, with a way to try again. */
export function ErrorNotice({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;

  return (
    <Alert color="red" variant="light" icon={<Icon name="alert" />} role="alert" mb="md">
      <Group justify="space-between" gap="sm">
        <Text size="sm">{describeError(error, t)}</Text>
        {retry && (
          <Button size="xs" variant="default" onClick={retry}>
            {t('common.retry')}
          </Button>
        )}
      </Group>
    </Alert>
  );
}

export function Loading() {
  const { t } = useTranslation();

  return (
    <Center py="xl">
      <Loader aria-label={t('app.loading')} />
    </Center>
  );
}

/** Sets the tab title, so history and screen readers name the page. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · wawi-bridge`;
  }, [title]);
}

/** A titled card; its id is the anchor that checklists and links jump to. */
export function Section({
  id,
  title,
  description,
  actions,
  children,
}: {
  id?: string;
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const headingId = id ? `${id}-title` : undefined;

  return (
    <section id={id} aria-labelledby={headingId} className="section-card">
      <Group justify="space-between" align="flex-start" mb="md" gap="sm" wrap="nowrap">
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </Stack>
        {actions}
      </Group>
      {children}
    </section>
  );
}
