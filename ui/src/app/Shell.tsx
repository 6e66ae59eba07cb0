import { AppShell, Badge, Burger, Button, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { useSession, useUser } from '../auth/session';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { BrandMark } from './BrandMark';
import { Icon, type IconName } from './icons';
import { PATHS } from './paths';
import { followLink, useLocation } from './router';

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 300, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('app.menu')}
            />
            <BrandMark />
          </Group>
          <UserBar />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('app.navigation')}>
        <AppShell.Section grow component={ScrollArea}>
          <Navigation onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="gray.0">
        <div className="page">{children}</div>
      </AppShell.Main>
    </AppShell>
  );
}

function UserBar() {
  const { t } = useTranslation();
  const user = useUser();
  const { logOut } = useSession();
  const [busy, setBusy] = useState(false);

  return (
    <Group gap="md" wrap="nowrap">
      <Group gap={6} wrap="nowrap" visibleFrom="xs" data-testid="current-user">
        <Icon name="user" />
        <Text fw={600} size="sm">
          {user.name}
        </Text>
        <Badge variant="light" color={user.role === 'admin' ? 'blue' : 'gray'} size="sm">
          {t(`roles.${user.role}`)}
        </Badge>
      </Group>
      <LanguageSwitch size="xs" />
      <Button
        variant="default"
        size="xs"
        loading={busy}
        leftSection={<Icon name="logout" />}
        onClick={() => {
          setBusy(true);
          void logOut().finally(() => setBusy(false));
        }}
      >
        {t('app.logout')}
      </Button>
    </Group>
  );
}

interface Entry {
  path: string;
  label: string;
  icon: IconName;
}

function Navigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const isActive = (path: string) => pathname === path || pathname.startsWith(path + '/');
  const link = (entry: Entry, exact = false) => {
    const active = exact ? pathname === entry.path : isActive(entry.path);
    return (
      <NavLink
        key={entry.path}
        component="a"
        href={entry.path}
        label={entry.label}
        leftSection={<Icon name={entry.icon} />}
        active={active}
        aria-current={active ? 'page' : undefined}
        onClick={(event: React.MouseEvent<HTMLAnchorElement>) => {
          followLink(event);
          onNavigate();
        }}
      />
    );
  };

  return (
    <nav>
      <NavLink
        label={t('nav.interfaces')}
        leftSection={<Icon name="plug" />}
        defaultOpened
        childrenOffset={20}
      >
        <NavLink label={t('nav.bookingInterface')} defaultOpened childrenOffset={20}>
          {link({ path: PATHS.jomosoft, label: 'JOMOsoft', icon: 'link' })}
        </NavLink>
      </NavLink>
      {link({ path: PATHS.priceLevels, label: t('nav.priceLevels'), icon: 'tag' })}
      {link({ path: PATHS.pointsOfSale, label: t('nav.pointsOfSale'), icon: 'store' })}
      {link({ path: PATHS.items, label: t('nav.items'), icon: 'box' }, true)}
      {link({ path: PATHS.tableEditing, label: t('nav.tableEditing'), icon: 'table' })}
      {link({ path: PATHS.transmissions, label: t('nav.transmissions'), icon: 'send' })}
    </nav>
  );
}
