import { Center, Loader } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { LoginPage } from '../auth/LoginPage';
import { useSession } from '../auth/session';
import { ItemsPage } from '../items/ItemsPage';
import { TableEditingPage } from '../items/table-editing/TableEditingPage';
import { JomosoftInterfacePage } from '../jomosoft-interface/JomosoftInterfacePage';
import { PointsOfSalePage } from '../points-of-sale/PointsOfSalePage';
import { PriceLevelsPage } from '../price-levels/PriceLevelsPage';
import { TransmissionDetailPage } from '../transmissions/TransmissionDetailPage';
import { TransmissionsPage } from '../transmissions/TransmissionsPage';
import { NotFoundPage } from './NotFoundPage';
import { navigate, useLocation } from './router';
import { PATHS } from './paths';
import { Shell } from './Shell';

export function App() {
  const { t } = useTranslation();
  const { state } = useSession();
  const { pathname } = useLocation();

  useEffect(() => {
    if (state.status === 'signed-in' && (pathname === '/' || pathname === '/login')) {
      navigate(PATHS.jomosoft, { replace: true });
    }
  }, [state.status, pathname]);

  if (state.status === 'loading') {
    return (
      <Center mih="100vh">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (state.status === 'signed-out') return <LoginPage expired={state.expired} />;

  return <Shell>{page(pathname)}</Shell>;
}

function page(pathname: string) {
  const transmission = /^\/transmissions\/([^/]+)$/.exec(pathname);
  if (transmission) return <TransmissionDetailPage id={decodeURIComponent(transmission[1]!)} />;

  switch (pathname.replace(/\/$/, '') || '/') {
    case '/':
    case '/login':
    case PATHS.jomosoft:
      return <JomosoftInterfacePage />;
    case PATHS.priceLevels:
      return <PriceLevelsPage />;
    case PATHS.pointsOfSale:
      return <PointsOfSalePage />;
    case PATHS.items:
      return <ItemsPage />;
    case PATHS.tableEditing:
      return <TableEditingPage />;
    case PATHS.transmissions:
      return <TransmissionsPage />;
    default:
      return <NotFoundPage />;
  }
}
