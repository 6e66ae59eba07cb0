import { Grid, Stack } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import type {
  ActivationAnswer,
  ConnectionAnswer,
  MailSettingsAnswer,
  ReadinessAnswer,
  SettingsAnswer,
} from '../api/types';
import { useLocation } from '../app/router';
import { jumpTo } from '../shared/jump';
import { ErrorNotice, Loading, PageHeader, useDocumentTitle } from '../shared/page';
import { useApi } from '../shared/use-api';
import { ActivationCard } from './ActivationCard';
import { ConnectionCard } from './ConnectionCard';
import { MailSettingsCard } from './MailSettingsCard';
import { ReadinessCard } from './ReadinessCard';
import { RetryIntervalCard } from './RetryIntervalCard';

/** Interfaces → Merchandise Management Booking Interface → JOMOsoft. */
export function JomosoftInterfacePage() {
  const { t } = useTranslation();
  useDocumentTitle('JOMOsoft');
  const { hash } = useLocation();
  const connection = useApi<ConnectionAnswer>('/connection');
  const mail = useApi<MailSettingsAnswer>('/mail');
  const settings = useApi<SettingsAnswer>('/settings');
  const activation = useApi<ActivationAnswer>('/activation');
  const readiness = useApi<ReadinessAnswer>('/readiness');
  const loaded = Boolean(connection.data && mail.data && activation.data);

  useEffect(() => {
    if (loaded && hash) jumpTo(hash);
  }, [loaded, hash]);

  const firstError = connection.error ?? mail.error ?? activation.error ?? settings.error;
  const reloadAll = () => {
    void connection.reload();
    void mail.reload();
    void settings.reload();
    void activation.reload();
    void readiness.reload();
  };

  return (
    <>
      <PageHeader
        eyebrow={`${t('nav.interfaces')} › ${t('nav.bookingInterface')}`}
        title="JOMOsoft"
        description={t('jomosoft.description')}
      />
      <ErrorNotice error={firstError} retry={reloadAll} />
      {!loaded && !firstError ? (
        <Loading />
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack gap="lg">
              <ConnectionCard
                connection={connection.data}
                mailConfigured={Boolean(mail.data?.settings)}
                onPaired={() => {
                  void connection.reload();
                  void activation.reload();
                }}
              />
              <MailSettingsCard
                answer={mail.data}
                onSaved={(answer) => {
                  mail.set(answer);
                  void activation.reload();
                }}
              />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="lg">
              <ActivationCard activation={activation.data} />
              <RetryIntervalCard answer={settings.data} onSaved={settings.set} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={12}>
            <ErrorNotice error={readiness.error} retry={() => void readiness.reload()} />
            <ReadinessCard readiness={readiness.data} />
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
