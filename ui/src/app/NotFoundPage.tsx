import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { PATHS } from './paths';
import { followLink } from './router';

export function NotFoundPage() {
  const { t } = useTranslation();

  return (
    <Stack>
      <Title order={1}>{t('notFound.title')}</Title>
      <Text>{t('notFound.text')}</Text>
      <Anchor href={PATHS.jomosoft} onClick={followLink}>
        {t('notFound.back')}
      </Anchor>
    </Stack>
  );
}
