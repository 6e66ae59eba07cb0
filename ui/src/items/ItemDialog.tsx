import { Alert, Button, Group, Modal, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { api } from '../api/client';
import { describeError, fieldErrors, type FieldErrors } from '../api/problems';
import type { Item } from '../api/types';
import { useUser } from '../auth/session';
import { formatPercent } from '../shared/format';

export function ItemDialog({
  item,
  onClose,
  onSaved,
}: {
  item: Item | null;
  onClose(): void;
  onSaved(item: Item): void;
}) {
  const { t, i18n } = useTranslation();
  const { canEdit } = useUser();
  const [interfaceNo, setInterfaceNo] = useState('');
  const [excluded, setExcluded] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setInterfaceNo(item?.interfaceNo ?? '');
    setExcluded(item?.excluded ?? false);
    setErrors({});
    setFailure(null);
  }, [item]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!item) return;
    setSaving(true);
    setErrors({});
    setFailure(null);
    try {
      const saved = await api.patch<Item>(`/items/${encodeURIComponent(item.id)}`, {
        interfaceNo: interfaceNo.trim() === '' ? null : interfaceNo.trim(),
        excluded,
      });
      onSaved(saved);
      onClose();
    } catch (failed) {
      const { fields } = fieldErrors(failed, ['interfaceNo', 'excluded'], t);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFailure(describeError(failed, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      opened={item !== null}
      onClose={onClose}
      title={item ? t('items.dialogTitle', { name: item.name }) : ''}
      size="lg"
    >
      {item && (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput label={t('common.name')} value={item.name} readOnly variant="filled" />
            <SimpleGrid cols={2}>
              <TextInput label={t('items.itemNo')} value={item.id} readOnly variant="filled" />
              <TextInput
                label={t('items.vatRate')}
                value={formatPercent(item.vatRate, i18n.language)}
                readOnly
                variant="filled"
              />
            </SimpleGrid>
            <TextInput
              label={t('items.interfaceNo')}
              description={t('items.interfaceNoHelp')}
              value={interfaceNo}
              onChange={(event) => setInterfaceNo(event.currentTarget.value)}
              error={errors.interfaceNo}
              disabled={!canEdit}
              data-autofocus
              maxLength={64}
            />
            <Switch
              label={t('items.excluded')}
              description={t('items.excludedHelp')}
              checked={excluded}
              onChange={(event) => setExcluded(event.currentTarget.checked)}
              error={errors.excluded}
              disabled={!canEdit}
            />
            {excluded && interfaceNo.trim() !== '' && (
              <Alert color="blue" variant="light">
                {t('items.excludedWithNumber')}
              </Alert>
            )}
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
