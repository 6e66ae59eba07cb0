import { Alert, Button, Group, List, Modal, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { api } from '../api/client';
import { describeError, fieldErrors } from '../api/problems';
import type { PointOfSale } from '../api/types';
import { useUser } from '../auth/session';

export function PointOfSaleDialog({
  pointOfSale,
  onClose,
  onSaved,
}: {
  pointOfSale: PointOfSale | null;
  onClose(): void;
  onSaved(pointOfSale: PointOfSale): void;
}) {
  const { t } = useTranslation();
  const { canEdit } = useUser();
  const [interfaceId, setInterfaceId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setInterfaceId(pointOfSale?.interfaceId ?? '');
    setError(null);
    setFailure(null);
  }, [pointOfSale]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!pointOfSale) return;
    setSaving(true);
    setError(null);
    setFailure(null);
    try {
      const saved = await api.patch<PointOfSale>(
        `/points-of-sale/${encodeURIComponent(pointOfSale.id)}`,
        { interfaceId: interfaceId.trim() === '' ? null : interfaceId.trim() },
      );
      onSaved(saved);
      onClose();
    } catch (failed) {
      const { fields } = fieldErrors(failed, ['interfaceId'], t);
      if (fields.interfaceId) setError(fields.interfaceId);
      else setFailure(describeError(failed, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      opened={pointOfSale !== null}
      onClose={onClose}
      title={pointOfSale ? t('pointsOfSale.dialogTitle', { name: pointOfSale.name }) : ''}
      size="lg"
    >
      {pointOfSale && (
        <form onSubmit={submit} noValidate>
          <Tabs defaultValue="master" keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="master">{t('pointsOfSale.masterInformation')}</Tabs.Tab>
              <Tabs.Tab value="registers">
                {t('pointsOfSale.registers')} ({pointOfSale.registers.length})
              </Tabs.Tab>
            </Tabs.List>

            <Tabs.Panel value="master">
              <Stack gap="md">
                <TextInput
                  label={t('common.name')}
                  value={pointOfSale.name}
                  readOnly
                  variant="filled"
                />
                <TextInput
                  label={t('common.posId')}
                  value={pointOfSale.id}
                  readOnly
                  variant="filled"
                />
                <TextInput
                  label={t('pointsOfSale.interfaceId')}
                  description={t('pointsOfSale.interfaceIdHelp')}
                  value={interfaceId}
                  onChange={(event) => setInterfaceId(event.currentTarget.value)}
                  error={error}
                  disabled={!canEdit}
                  data-autofocus
                  maxLength={64}
                />
              </Stack>
            </Tabs.Panel>

            <Tabs.Panel value="registers">
              {pointOfSale.registers.length === 0 ? (
                <Text c="dimmed">{t('pointsOfSale.noRegisters')}</Text>
              ) : (
                <List>
                  {pointOfSale.registers.map((register) => (
                    <List.Item key={register.id}>
                      {register.name}{' '}
                      <Text span c="dimmed" size="sm" ff="monospace">
                        ({register.id})
                      </Text>
                    </List.Item>
                  ))}
                </List>
              )}
            </Tabs.Panel>
          </Tabs>

          {failure && (
            <Alert color="red" variant="light" role="alert" mt="md">
              {failure}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm" mt="lg">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            {canEdit && (
              <Button type="submit" loading={saving}>
                {t('common.save')}
              </Button>
            )}
          </Group>
        </form>
      )}
    </Modal>
  );
}
