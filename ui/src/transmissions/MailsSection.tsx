import { Accordion, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { TransmissionMail } from '../api/types';
import { formatDateTime } from '../shared/format';
import { Section } from '../shared/page';

/** The mails sent about the closing, with their full text as the recipients read it. */
export function MailsSection({ mails }: { mails: TransmissionMail[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;

  return (
    <Section id="mails" title={t('transmissions.mailsTitle')}>
      {mails.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('transmissions.noMails')}
        </Text>
      ) : (
        <Accordion variant="separated" multiple defaultValue={[mails[0]!.id]}>
          {mails.map((mail) => (
            <Accordion.Item key={mail.id} value={mail.id}>
              <Accordion.Control>
                <Group gap="sm" wrap="nowrap">
                  <Badge
                    variant="light"
                    color={
                      mail.status === 'sent' ? 'green' : mail.status === 'failed' ? 'red' : 'blue'
                    }
                    style={{ textTransform: 'none' }}
                  >
                    {t(
                      `transmissions.mailStatus.${mail.status === 'sent' || mail.status === 'failed' ? mail.status : 'queued'}`,
                    )}
                  </Badge>
                  <Text size="sm" fw={600} lineClamp={1}>
                    {mail.subject}
                  </Text>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="xs">
                  <Text size="sm">
                    <Text span c="dimmed">
                      {t('transmissions.mailTo')}:
                    </Text>{' '}
                    {mail.recipients.join(', ')}
                  </Text>
                  <Text size="sm">
                    <Text span c="dimmed">
                      {t('transmissions.mailSentAt')}:
                    </Text>{' '}
                    {formatDateTime(mail.sentAt, lang)}
                  </Text>
                  {mail.lastError && (
                    <Text size="sm" c="red">
                      {mail.lastError}
                    </Text>
                  )}
                  <pre className="mail-text" data-testid="mail-text">
                    {mail.text}
                  </pre>
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Section>
  );
}
