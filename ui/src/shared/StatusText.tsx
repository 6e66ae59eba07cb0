import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** An interface number in a list: the number itself, or a clear "missing" marker. */
export function InterfaceNumber({ value }: { value: string | null }) {
  const { t } = useTranslation();
  if (value) {
    return (
      <Text ff="monospace" size="sm">
        {value}
      </Text>
    );
  }

  return (
    <Badge color="orange" variant="light" size="sm">
      {t('common.missing')}
    </Badge>
  );
}
