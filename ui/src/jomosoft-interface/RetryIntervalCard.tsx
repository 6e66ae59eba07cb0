import { Button, Group, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { api } from '../api/client';
import { describeError, fieldErrors } from '../api/problems';
import type { SettingsAnswer } from '../api/types';
import { useUser } from '../auth/session';
import { Section } from '../shared/page';

/** How long a transmission waits after a failed attempt (offline outlet, JOMOsoft trouble). */
export function RetryIntervalCard({
  answer,
  onSaved,
}: {
  answer: SettingsAnswer | null;
  onSaved(answer: SettingsAnswer): void;
}) {
  const { t } = useTranslation();
  const { canEdit } = useUser();
  const [value, setValue] = useState(answer?.retryInterval ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => setValue(answer?.retryInterval ?? ''), [answer]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setSaved(false);
    try {
      onSaved(await api.put<SettingsAnswer>('/settings', { retryInterval: value.trim() }));
      setSaved(true);
    } catch (failure) {
      const { fields } = fieldErrors(failure, ['retryInterval'], t);
      setError(fields.retryInterval ?? describeError(failure, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Section id="retry-interval" title={t('retry.title')} description={t('retry.description')}>
      <form onSubmit={submit} noValidate>
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('retry.interval')}
            description={t('retry.help')}
            value={value}
            onChange={(event) => {
              setValue(event.currentTarget.value);
              setSaved(false);
            }}
            error={error}
            disabled={!canEdit}
            w={220}
          />
          <Button type="submit" loading={saving} disabled={!canEdit} variant="default">
            {t('common.save')}
          </Button>
          {saved && (
            <Text size="sm" c="green" role="status" pb={8}>
              {t('common.saved')}
            </Text>
          )}
        </Group>
      </form>
    </Section>
  );
}
