import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { api } from '../api/client';
import { describeError, fieldErrors } from '../api/problems';
import type { ConnectionAnswer, PairingAnswer, TestMailAnswer } from '../api/types';
import { Icon } from '../app/icons';
import { useUser } from '../auth/session';
import { formatDateTime } from '../shared/format';
import { Section } from '../shared/page';
import { pairingText } from './pairing-texts';

interface Props {
  connection: ConnectionAnswer | null;
  mailConfigured: boolean;
  onPaired(): void;
}

/**
 * The connection's state and the two buttons of the seed: the first retrieves the connection
 * from the portal with the PIN and checks it against JOMOsoft at once; the second sends the
 * test mail to every stored address.
 */
export function ConnectionCard({ connection, mailConfigured, onPaired }: Props) {
  const { t, i18n } = useTranslation();
  const { canEdit } = useUser();
  const [pin, setPin] = useState('');
  const [pinError, setPinError] = useState<string | null>(null);
  const [pairing, setPairing] = useState<'pair' | 'check' | null>(null);
  const [note, setNote] = useState<PairingAnswer | null>(null);
  const [requestError, setRequestError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [testMail, setTestMail] = useState<TestMailAnswer | null>(null);
  const [testMailError, setTestMailError] = useState<unknown>(null);

  const current = connection?.connection ?? null;
  const check = current?.check ?? null;

  const run = async (kind: 'pair' | 'check') => {
    setPairing(kind);
    setNote(null);
    setPinError(null);
    setRequestError(null);
    try {
      const answer =
        kind === 'pair'
          ? await api.post<PairingAnswer>('/connection/pair', { pin: pin.trim() })
          : await api.post<PairingAnswer>('/connection/check');
      setNote(answer);
      if (answer.ok) setPin('');
      onPaired();
    } catch (error) {
      const { fields } = fieldErrors(error, ['pin'], t);
      if (fields.pin) setPinError(fields.pin);
      else setRequestError(error);
    } finally {
      setPairing(null);
    }
  };

  const pair = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(pin.trim())) {
      setPinError(t('connection.pinFormat'));
      return;
    }
    void run('pair');
  };

  const sendTestMail = async () => {
    setSending(true);
    setTestMail(null);
    setTestMailError(null);
    try {
      setTestMail(await api.post<TestMailAnswer>('/mail/test'));
    } catch (error) {
      setTestMailError(error);
    } finally {
      setSending(false);
    }
  };

  return (
    <Section
      id="connection"
      title={t('connection.title')}
      description={t('connection.description')}
      actions={<ConnectionBadge connection={connection} />}
    >
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" verticalSpacing="xs">
          <Fact label={t('connection.tenant')} value={check?.tenant} testId="connection-tenant" />
          <Fact label={t('connection.apiVersion')} value={check?.apiVersion} />
          <Fact
            label={t('connection.lastCheck')}
            value={check ? formatDateTime(check.at, i18n.language) : null}
          />
        </SimpleGrid>
        {current && (
          <Text size="xs" c="dimmed">
            {t('connection.apiUrl')}:{' '}
            <Text span ff="monospace" size="xs">
              {current.apiUrl}
            </Text>
          </Text>
        )}

        <form onSubmit={pair} noValidate>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label={t('connection.pin')}
              description={t('connection.pinHelp')}
              value={pin}
              onChange={(event) => {
                setPin(event.currentTarget.value);
                setPinError(null);
              }}
              error={pinError}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              disabled={!canEdit}
              w={260}
              styles={{ input: { letterSpacing: '0.2em', fontVariantNumeric: 'tabular-nums' } }}
            />
            <Group gap="sm" wrap="wrap">
              <Button
                type="submit"
                loading={pairing === 'pair'}
                disabled={!canEdit || pairing !== null}
                leftSection={<Icon name="link" />}
              >
                {t('connection.retrieve')}
              </Button>
              <Button
                variant="default"
                loading={sending}
                disabled={!canEdit || !mailConfigured}
                onClick={() => void sendTestMail()}
                leftSection={<Icon name="mail" />}
              >
                {t('connection.sendTestMail')}
              </Button>
              {current && (
                <Button
                  variant="subtle"
                  loading={pairing === 'check'}
                  disabled={!canEdit || pairing !== null}
                  onClick={() => void run('check')}
                  leftSection={<Icon name="refresh" />}
                >
                  {t('connection.checkAgain')}
                </Button>
              )}
            </Group>
          </Group>
        </form>
        {!mailConfigured && (
          <Text size="sm" c="dimmed">
            {t('connection.testMailNeedsSettings')}
          </Text>
        )}

        <div aria-live="polite">
          {note && <PairingNote answer={note} />}
          {requestError !== null && (
            <Alert color="red" variant="light" role="alert" title={t('connection.requestFailed')}>
              {describeError(requestError, t)}
            </Alert>
          )}
        </div>
        <div aria-live="polite">
          {testMail && <TestMailResult answer={testMail} />}
          {testMailError !== null && (
            <Alert color="red" variant="light" role="alert" title={t('testMail.failed')}>
              {describeError(testMailError, t)}
            </Alert>
          )}
        </div>
      </Stack>
    </Section>
  );
}

function ConnectionBadge({ connection }: { connection: ConnectionAnswer | null }) {
  const { t } = useTranslation();
  const current = connection?.connection;
  if (!current) {
    return (
      <Badge color="gray" variant="light" size="lg">
        {t('connection.state.none')}
      </Badge>
    );
  }
  if (current.verified && current.check?.ok !== false) {
    return (
      <Badge color="green" variant="light" size="lg" leftSection={<Icon name="check" size={14} />}>
        {t('connection.state.verified')}
      </Badge>
    );
  }

  return (
    <Badge color="orange" variant="light" size="lg" leftSection={<Icon name="alert" size={14} />}>
      {t('connection.state.notVerified')}
    </Badge>
  );
}

function Fact({
  label,
  value,
  testId,
}: {
  label: string;
  value: string | null | undefined;
  testId?: string;
}) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={500} style={{ overflowWrap: 'anywhere' }} data-testid={testId}>
        {value || '–'}
      </Text>
    </div>
  );
}

function PairingNote({ answer }: { answer: PairingAnswer }) {
  const { t } = useTranslation();
  const text = pairingText(answer, t);

  return (
    <Alert
      color={answer.ok ? 'green' : 'red'}
      variant="light"
      role={answer.ok ? 'status' : 'alert'}
      title={text.title}
      icon={<Icon name={answer.ok ? 'check' : 'alert'} />}
      data-testid="pairing-note"
    >
      <Stack gap={4}>
        <Text size="sm">{text.body}</Text>
        {answer.note && (
          <Text size="sm" c="dimmed">
            {t('connection.serverNote')}: {answer.note}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

function TestMailResult({ answer }: { answer: TestMailAnswer }) {
  const { t } = useTranslation();
  const sent = answer.ok && answer.accepted.length > 0;

  return (
    <Alert
      color={sent ? (answer.rejected.length > 0 ? 'orange' : 'green') : 'red'}
      variant="light"
      role={sent ? 'status' : 'alert'}
      title={sent ? t('testMail.sent') : t('testMail.failed')}
      icon={<Icon name={sent ? 'mail' : 'alert'} />}
      data-testid="test-mail-result"
    >
      <Stack gap={4}>
        {answer.accepted.length > 0 && (
          <Text size="sm">{t('testMail.accepted', { addresses: answer.accepted.join(', ') })}</Text>
        )}
        {answer.rejected.length > 0 && (
          <>
            <Text size="sm">{t('testMail.rejected')}</Text>
            <List size="sm">
              {answer.rejected.map((address) => (
                <List.Item key={address}>{address}</List.Item>
              ))}
            </List>
          </>
        )}
        {answer.error && <Text size="sm">{answer.error}</Text>}
        {sent && <Text size="sm">{t('testMail.junkHint')}</Text>}
      </Stack>
    </Alert>
  );
}
