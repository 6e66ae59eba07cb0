import {
  Alert,
  Button,
  Group,
  Input,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { api } from '../api/client';
import { describeError, fieldErrors, type FieldErrors } from '../api/problems';
import type {
  MailLanguage,
  MailSettingsAnswer,
  MailSettingsBody,
  MailSettingsView,
  SmtpTls,
} from '../api/types';
import { useUser } from '../auth/session';
import { Section } from '../shared/page';

const FIELDS = [
  'recipients',
  'from',
  'smtp.host',
  'smtp.port',
  'smtp.tls',
  'smtp.user',
  'smtp.password',
  'language',
] as const;

const DEFAULT_PORT: Record<SmtpTls, number> = { none: 25, starttls: 587, implicit: 465 };

interface Form {
  recipients: string[];
  from: string;
  host: string;
  port: number | string;
  tls: SmtpTls;
  user: string;
  password: string;
  language: MailLanguage;
}

function formOf(settings: MailSettingsView | null, language: MailLanguage): Form {
  return {
    recipients: settings?.recipients ?? [],
    from: settings?.from ?? '',
    host: settings?.smtp.host ?? '',
    port: settings?.smtp.port ?? DEFAULT_PORT.starttls,
    tls: settings?.smtp.tls ?? 'starttls',
    user: settings?.smtp.user ?? '',
    password: '',
    language: settings?.language ?? language,
  };
}

/** Mail addresses, SMTP server and mail language; the password is write-only. */
export function MailSettingsCard({
  answer,
  onSaved,
}: {
  answer: MailSettingsAnswer | null;
  onSaved(answer: MailSettingsAnswer): void;
}) {
  const { t, i18n } = useTranslation();
  const { canEdit } = useUser();
  const uiLanguage: MailLanguage = i18n.language.startsWith('de') ? 'de' : 'en';
  const settings = answer?.settings ?? null;
  const [form, setForm] = useState<Form>(() => formOf(settings, uiLanguage));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setForm(formOf(answer?.settings ?? null, uiLanguage));
    // The form follows the stored settings when they load, not when the UI language changes.
  }, [answer]);

  const change = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((previous) => ({ ...previous, [key]: value }));
    setSaved(false);
  };

  const changeTls = (tls: SmtpTls) => {
    setForm((previous) => {
      const usual = Object.values(DEFAULT_PORT).includes(Number(previous.port));
      return { ...previous, tls, port: usual ? DEFAULT_PORT[tls] : previous.port };
    });
    setSaved(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    setFailure(null);
    setSaved(false);
    try {
      const result = await api.put<MailSettingsAnswer>('/mail', bodyOf(form));
      onSaved(result);
      setSaved(true);
    } catch (error) {
      const { fields, rest } = fieldErrors(error, FIELDS, t);
      setErrors(fields);
      if (Object.keys(fields).length === 0 || rest.length > 0) {
        setFailure([describeError(error, t), ...rest].join(' '));
      }
    } finally {
      setSaving(false);
    }
  };

  const passwordSet = settings?.smtp.passwordSet ?? false;

  return (
    <Section id="mail-settings" title={t('mail.title')} description={t('mail.description')}>
      <form onSubmit={submit} noValidate>
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="md">
            <div id="mail-recipients">
              <TagsInput
                label={t('mail.recipients')}
                description={t('mail.recipientsHelp')}
                placeholder={form.recipients.length === 0 ? 'kueche@example.org' : undefined}
                value={form.recipients}
                onChange={(value) => change('recipients', value)}
                splitChars={[',', ';', ' ']}
                acceptValueOnBlur
                clearable
                error={errors.recipients}
                required
              />
            </div>
            <TextInput
              label={t('mail.from')}
              description={t('mail.fromHelp')}
              placeholder="wawi-bridge@example.org"
              value={form.from}
              onChange={(event) => change('from', event.currentTarget.value)}
              error={errors.from}
              type="email"
              required
            />

            <Text fw={600} size="sm" mt="xs">
              {t('mail.smtp')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              <TextInput
                label={t('mail.host')}
                placeholder="smtp.example.org"
                value={form.host}
                onChange={(event) => change('host', event.currentTarget.value)}
                error={errors['smtp.host']}
                required
                style={{ gridColumn: 'span 2' }}
              />
              <NumberInput
                label={t('mail.port')}
                value={form.port}
                onChange={(value) => change('port', value)}
                min={1}
                max={65535}
                allowDecimal={false}
                allowNegative={false}
                hideControls
                error={errors['smtp.port']}
                required
              />
            </SimpleGrid>
            <div>
              <Input.Label component="div" id="smtp-tls-label" mb={4} style={{ display: 'block' }}>
                {t('mail.tls')}
              </Input.Label>
              <SegmentedControl
                aria-labelledby="smtp-tls-label"
                value={form.tls}
                onChange={(value) => changeTls(value as SmtpTls)}
                data={[
                  { value: 'none', label: t('mail.tlsNone') },
                  { value: 'starttls', label: 'STARTTLS' },
                  { value: 'implicit', label: 'TLS' },
                ]}
              />
              {errors['smtp.tls'] && (
                <Text size="xs" c="red" mt={4}>
                  {errors['smtp.tls']}
                </Text>
              )}
            </div>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label={t('mail.user')}
                description={t('mail.userHelp')}
                value={form.user}
                onChange={(event) => change('user', event.currentTarget.value)}
                error={errors['smtp.user']}
                autoComplete="off"
              />
              <PasswordInput
                label={t('mail.password')}
                description={passwordSet ? t('mail.passwordKept') : t('mail.passwordHelp')}
                placeholder={passwordSet ? '••••••••' : undefined}
                value={form.password}
                onChange={(event) => change('password', event.currentTarget.value)}
                error={errors['smtp.password']}
                autoComplete="new-password"
              />
            </SimpleGrid>
            <Select
              label={t('mail.language')}
              description={t('mail.languageHelp')}
              value={form.language}
              onChange={(value) => value && change('language', value as MailLanguage)}
              data={[
                { value: 'de', label: 'Deutsch' },
                { value: 'en', label: 'English' },
              ]}
              allowDeselect={false}
              error={errors.language}
              w={240}
            />

            {failure && (
              <Alert color="red" variant="light" role="alert">
                {failure}
              </Alert>
            )}
            <Group justify="flex-end" gap="sm">
              {saved && (
                <Text size="sm" c="green" role="status">
                  {t('common.saved')}
                </Text>
              )}
              <Button type="submit" loading={saving}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </fieldset>
      </form>
    </Section>
  );
}

function bodyOf(form: Form): MailSettingsBody {
  const user = form.user.trim();

  return {
    smtp: {
      host: form.host.trim(),
      port: Number(form.port),
      tls: form.tls,
      user: user === '' ? null : user,
      // Absent keeps the stored password; without a user the stored one is cleared.
      ...(user === '' ? { password: null } : form.password !== '' && { password: form.password }),
    },
    from: form.from.trim(),
    recipients: form.recipients.map((address) => address.trim()).filter(Boolean),
    language: form.language,
  };
}
