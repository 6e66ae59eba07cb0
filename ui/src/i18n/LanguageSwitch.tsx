import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { changeLanguage, type Language } from './index';

export function LanguageSwitch({ size = 'sm' }: { size?: 'xs' | 'sm' }) {
  const { t, i18n } = useTranslation();
  const current: Language = i18n.language.startsWith('de') ? 'de' : 'en';

  return (
    <SegmentedControl
      size={size}
      aria-label={t('app.language')}
      value={current}
      onChange={(value) => changeLanguage(value as Language)}
      data={[
        { value: 'de', label: 'Deutsch' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}
