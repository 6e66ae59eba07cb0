import { Group, Text, ThemeIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function BrandMark() {
  const { t } = useTranslation();

  return (
    <Group gap="xs" wrap="nowrap">
      <ThemeIcon size="lg" radius="md" color="blue.9" aria-hidden>
        <svg
          viewBox="0 0 32 32"
          width="22"
          height="22"
          fill="none"
          stroke="currentColor"
          strokeWidth="2.6"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="M7 11h12l-3-3M25 21H13l3 3" />
        </svg>
      </ThemeIcon>
      <div>
        <Text fw={700} lh={1.1}>
          wawi-bridge
        </Text>
        <Text size="xs" c="dimmed" lh={1.2}>
          {t('app.tagline')}
        </Text>
      </div>
    </Group>
  );
}
