import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { api } from '../api/client';
import { describeError, fieldErrors } from '../api/problems';
import type { PriceLevel } from '../api/types';
import { useUser } from '../auth/session';

export function PriceLevelDialog({
  level,
  onClose,
  onSaved,
}: {
  level: PriceLevel | null;
  onClose(): void;
  onSaved(level: PriceLevel): void;
}) {
  const { t } = useTranslation();
  const { canEdit } = useUser();
  const [abbreviation, setAbbreviation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setAbbreviation(level?.exportAbbreviation ?? '');
    setError(null);
    setFailure(null);
  }, [level]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!level) return;
    setSaving(true);
    setError(null);
    setFailure(null);
    try {
      const saved = await api.patch<PriceLevel>(`/price-levels/${encodeURIComponent(level.id)}`, {
        exportAbbreviation: abbreviation.trim() === '' ? null : abbreviation.trim(),
      });
      onSaved(saved);
      onClose();
    } catch (failed) {
      const { fields } = fieldErrors(failed, ['exportAbbreviation'], t);
      if (fields.exportAbbreviation) setError(fields.exportAbbreviation);
      else setFailure(describeError(failed, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={level !== null} onClose={onClose} title={t('priceLevels.dialogTitle')} size="md">
      {level && (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {t('nav.priceLevels')}
              </Text>
              <Text fw={600} size="lg">
                {level.name}
              </Text>
            </div>
            <TextInput
              label={t('priceLevels.abbreviation')}
              description={t('priceLevels.abbreviationHelp')}
              value={abbreviation}
              onChange={(event) => setAbbreviation(event.currentTarget.value)}
              error={error}
              disabled={!canEdit}
              data-autofocus
              maxLength={64}
            />
            {failure && (
              <Alert color="red" variant="light" role="alert">
                {failure}
              </Alert>
            )}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              {canEdit && (
                <Button type="submit" loading={saving}>
                  {t('common.save')}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
