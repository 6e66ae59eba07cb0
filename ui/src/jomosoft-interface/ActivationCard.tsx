import { Anchor, Badge, Group, List, Text, ThemeIcon } from '@mantine/core';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { ActivationAnswer } from '../api/types';
import { Icon } from '../app/icons';
import { jumpTo } from '../shared/jump';
import { Section } from '../shared/page';

type Condition = 'connection' | 'verified' | 'smtp' | 'recipients';

/** Where each missing condition is fixed on this page. */
const TARGET: Record<Condition, string> = {
  connection: 'connection',
  verified: 'connection',
  smtp: 'mail-settings',
  recipients: 'mail-recipients',
};

/**
 * The interface is active once a verified connection, an SMTP setting and a mail address exist.
 * Every condition is listed; a missing one links to the field that fixes it.
 */
export function ActivationCard({ activation }: { activation: ActivationAnswer | null }) {
  const { t } = useTranslation();
  const missing = new Set(activation?.missing ?? []);
  const done: Record<Condition, boolean> = {
    connection: !missing.has('connection'),
    verified: !missing.has('connection') && !missing.has('connection-not-verified'),
    smtp: !missing.has('mail-settings'),
    recipients: !missing.has('mail-settings') && !missing.has('mail-recipients'),
  };
  const active = activation?.active ?? false;

  const follow = (condition: Condition) => (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    window.history.replaceState(null, '', `#${TARGET[condition]}`);
    jumpTo(TARGET[condition]);
  };

  return (
    <Section
      id="activation"
      title={t('activation.title')}
      actions={
        activation && (
          <Badge
            size="lg"
            variant="light"
            color={active ? 'green' : 'orange'}
            data-testid="activation-state"
          >
            {active ? t('activation.active') : t('activation.notActive')}
          </Badge>
        )
      }
    >
      <Text size="sm" c="dimmed" mb="md">
        {active ? t('activation.activeText') : t('activation.notActiveText')}
      </Text>
      <List
        spacing="sm"
        listStyleType="none"
        aria-label={t('activation.checklist')}
        data-testid="activation-checklist"
      >
        {(Object.keys(done) as Condition[]).map((condition) => (
          <List.Item key={condition}>
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <ThemeIcon
                size="sm"
                radius="xl"
                variant="light"
                color={done[condition] ? 'green' : 'orange'}
                aria-hidden
              >
                <Icon name={done[condition] ? 'check' : 'cross'} size={12} />
              </ThemeIcon>
              {done[condition] ? (
                <Text size="sm">
                  {t(`activation.condition.${condition}`)}
                  <span className="visually-hidden"> – {t('activation.done')}</span>
                </Text>
              ) : (
                <Anchor size="sm" href={`#${TARGET[condition]}`} onClick={follow(condition)}>
                  {t(`activation.missing.${condition}`)}
                </Anchor>
              )}
            </Group>
          </List.Item>
        ))}
      </List>
    </Section>
  );
}
