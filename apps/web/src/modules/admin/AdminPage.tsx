import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Navigate, Link as RouterLink, useParams } from 'react-router';
import { useMe } from '../../api/queries';
import { isAdministrator } from './access';
import { FieldsTab } from './FieldsTab';
import { OrganizationTab } from './OrganizationTab';
import { RecycleBinTab } from './RecycleBinTab';
import { RolesTab } from './RolesTab';
import { TeamsTab } from './TeamsTab';
import { TokensTab } from './TokensTab';
import { UsersTab } from './UsersTab';

export const ADMIN_TABS = ['users', 'teams', 'roles', 'tokens', 'fields', 'organization', 'bin'] as const;
type AdminTab = (typeof ADMIN_TABS)[number];

const PANELS: Record<AdminTab, () => React.JSX.Element> = {
  users: UsersTab,
  teams: TeamsTab,
  roles: RolesTab,
  tokens: TokensTab,
  fields: FieldsTab,
  organization: OrganizationTab,
  bin: RecycleBinTab,
};

/** /admin/:tab — members and invitations, teams, roles, API tokens, custom fields, organisation, recycle bin. */
export default function AdminPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const { tab } = useParams();
  if (!tab) return <Navigate to="/admin/users" replace />;
  if (!(ADMIN_TABS as readonly string[]).includes(tab)) return <Navigate to="/admin/users" replace />;
  const current = tab as AdminTab;
  const Panel = PANELS[current];
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography variant="h1" sx={{ mb: 2 }}>
        {t('admin.title')}
      </Typography>
      {isAdministrator(me?.role?.key) ? (
        <>
          <Tabs
            value={current}
            aria-label={t('admin.sections')}
            variant="scrollable"
            allowScrollButtonsMobile
            sx={{ mb: 3, borderBottom: 1, borderColor: 'divider' }}
          >
            {ADMIN_TABS.map((key) => (
              <Tab
                key={key}
                value={key}
                label={t(`admin.tabs.${key}`)}
                component={RouterLink}
                to={`/admin/${key}`}
                id={`admin-tab-${key}`}
                aria-controls="admin-panel"
              />
            ))}
          </Tabs>
          <Box role="tabpanel" id="admin-panel" aria-labelledby={`admin-tab-${current}`}>
            <Panel />
          </Box>
        </>
      ) : (
        <Alert severity="warning">{t('admin.notAllowed')}</Alert>
      )}
    </Box>
  );
}
