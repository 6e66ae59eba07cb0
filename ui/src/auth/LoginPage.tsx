import {
  Alert,
  Box,
  Button,
  Center,
  List,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '../api/client';
import { describeError } from '../api/problems';
import { BrandMark } from '../app/BrandMark';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useDocumentTitle } from '../shared/page';
import { useSession } from './session';

export function LoginPage({ expired }: { expired: boolean }) {
  const { t } = useTranslation();
  useDocumentTitle(t('login.title'));
  const { logIn } = useSession();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<{ name?: boolean; password?: boolean }>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const gaps = { name: name.trim() === '', password: password === '' };
    setMissing(gaps);
    if (gaps.name || gaps.password) return;

    setBusy(true);
    setError(null);
    try {
      await logIn(name.trim(), password);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? t('login.wrong')
          : describeError(failure, t),
      );
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" className="login-backdrop">
      <Paper
        component="main"
        shadow="md"
        radius="lg"
        w={860}
        maw="100%"
        style={{ overflow: 'hidden' }}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={0}>
          <Box className="login-aside" p="xl" visibleFrom="sm">
            <Stack gap="lg" h="100%" justify="space-between">
              <div>
                <Text fw={700} size="xl" c="white">
                  wawi-bridge
                </Text>
                <Text c="blue.1" size="sm">
                  {t('app.tagline')} · JOMOsoft
                </Text>
              </div>
              <List spacing="sm" c="white" size="sm" className="login-points">
                <List.Item>{t('login.point1')}</List.Item>
                <List.Item>{t('login.point2')}</List.Item>
                <List.Item>{t('login.point3')}</List.Item>
              </List>
              <Text size="xs" c="blue.1">
                {t('app.programme')}
              </Text>
            </Stack>
          </Box>

          <Box p="xl">
            <form onSubmit={submit} noValidate>
              <Stack gap="md">
                <Box hiddenFrom="sm">
                  <BrandMark />
                </Box>
                <Title order={1} size="h2">
                  {t('login.title')}
                </Title>
                {expired && !error && (
                  <Alert color="yellow" variant="light">
                    {t('login.expired')}
                  </Alert>
                )}
                <TextInput
                  label={t('login.user')}
                  autoComplete="username"
                  value={name}
                  onChange={(event) => setName(event.currentTarget.value)}
                  error={missing.name ? t('problems.required') : undefined}
                  required
                  withAsterisk={false}
                  autoFocus
                  size="md"
                />
                <PasswordInput
                  label={t('login.password')}
                  autoComplete="current-password"
                  value={password}
                  onChange={(event) => setPassword(event.currentTarget.value)}
                  required
                  withAsterisk={false}
                  error={error ?? (missing.password ? t('problems.required') : undefined)}
                  size="md"
                />
                <Button type="submit" loading={busy} fullWidth size="md" mt="xs">
                  {t('login.submit')}
                </Button>
                <Center>
                  <LanguageSwitch />
                </Center>
              </Stack>
            </form>
          </Box>
        </SimpleGrid>
      </Paper>
    </Center>
  );
}
