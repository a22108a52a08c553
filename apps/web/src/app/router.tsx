import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/queries';
import { ErrorState } from '../ui/ErrorState';
import { PageLoader } from '../ui/PageLoader';
import { BUILT_MODULES, MODULES } from './modules';

// Every screen is its own chunk so the first load only carries the shell.
const Frame = lazy(() => import('./Frame'));
const LoginPage = lazy(() => import('../modules/auth/LoginPage'));
const SignupPage = lazy(() => import('../modules/auth/SignupPage'));
const InvitePage = lazy(() => import('../modules/auth/InvitePage'));
const HomePage = lazy(() => import('../modules/home/HomePage'));
const ComingSoonPage = lazy(() => import('../modules/home/ComingSoonPage'));
const SettingsPage = lazy(() => import('../modules/settings/SettingsPage'));
const CustomersPage = lazy(() => import('../modules/customers/CustomersPage'));
const Customer360Page = lazy(() => import('../modules/customers/Customer360Page'));
const LeadPage = lazy(() => import('../modules/customers/LeadPage'));
const DuplicatesPage = lazy(() => import('../modules/cleaning/DuplicatesPage'));
const QualityPage = lazy(() => import('../modules/cleaning/QualityPage'));
const AdminPage = lazy(() => import('../modules/admin/AdminPage'));
const ImportPage = lazy(() => import('../modules/imports/ImportPage'));
const CalendarPage = lazy(() => import('../modules/calendar/CalendarPage'));
const TasksPage = lazy(() => import('../modules/calendar/TasksPage'));
const ProductsPage = lazy(() => import('../modules/products/ProductsPage'));
const SalesPage = lazy(() => import('../modules/sales/SalesPage'));
const DealPage = lazy(() => import('../modules/sales/DealPage'));
const BillingPage = lazy(() => import('../modules/billing/BillingPage'));
const BillingDocumentPage = lazy(() => import('../modules/billing/DocumentPage'));
const AgingPage = lazy(() => import('../modules/billing/AgingPage'));
const InventoryPage = lazy(() => import('../modules/inventory/InventoryPage'));
const MovementsPage = lazy(() => import('../modules/inventory/MovementsPage'));
const PurchaseOrdersPage = lazy(() => import('../modules/inventory/PurchaseOrdersPage'));
const PurchaseOrderPage = lazy(() => import('../modules/inventory/PurchaseOrderPage'));

/** Applies the signed-in user's language whenever the server says it changed. */
function Root() {
  const { i18n } = useTranslation();
  const locale = useMe().data?.user.settings.locale;
  useEffect(() => {
    if (locale && locale !== i18n.language) void i18n.changeLanguage(locale);
  }, [locale, i18n]);
  return (
    <Suspense fallback={<PageLoader />}>
      <Outlet />
    </Suspense>
  );
}

function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoader />;
  if (me.isError) return <ErrorState onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <Outlet />;
}

function SignedOutOnly() {
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (me.data) return <Navigate to="/" replace />;
  return <Outlet />;
}

function RouteError() {
  return <ErrorState />;
}

export const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      {
        element: <SignedOutOnly />,
        children: [
          { path: '/login', element: <LoginPage /> },
          { path: '/signup', element: <SignupPage /> },
        ],
      },
      { path: '/invite/:token', element: <InvitePage /> },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <Frame />,
            children: [
              { index: true, element: <HomePage /> },
              { path: '/settings', element: <SettingsPage /> },
              { path: '/customers', element: <CustomersPage /> },
              { path: '/customers/import', element: <ImportPage /> },
              { path: '/customers/duplicates', element: <DuplicatesPage /> },
              { path: '/customers/quality', element: <QualityPage /> },
              { path: '/customers/leads/:id', element: <LeadPage /> },
              { path: '/customers/:type/:id', element: <Customer360Page /> },
              { path: '/calendar', element: <CalendarPage /> },
              { path: '/tasks', element: <TasksPage /> },
              { path: '/products', element: <ProductsPage /> },
              { path: '/products/:id', element: <ProductsPage /> },
              { path: '/sales', element: <SalesPage /> },
              { path: '/sales/deals/:id', element: <DealPage /> },
              { path: '/billing', element: <BillingPage /> },
              { path: '/billing/aging', element: <AgingPage /> },
              { path: '/billing/:type/:id', element: <BillingDocumentPage /> },
              { path: '/inventory', element: <InventoryPage /> },
              { path: '/inventory/movements', element: <MovementsPage /> },
              { path: '/inventory/purchase-orders', element: <PurchaseOrdersPage /> },
              { path: '/inventory/purchase-orders/:id', element: <PurchaseOrderPage /> },
              { path: '/admin', element: <AdminPage /> },
              { path: '/admin/:tab', element: <AdminPage /> },
              ...MODULES.filter((key) => !BUILT_MODULES.includes(key)).map((key) => ({
                path: `/${key}`,
                element: <ComingSoonPage module={key} />,
              })),
            ],
          },
        ],
      },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);
