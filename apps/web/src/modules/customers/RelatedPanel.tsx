import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';

interface Related {
  id: string;
  name: string;
  role: string | null;
  isPrimary: boolean;
}

/** An account's people, or a contact's organisations, with their role there; each opens its own page. */
export function RelatedPanel({
  entity,
  profile,
}: {
  entity: 'contact' | 'account';
  profile: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  const items = ((entity === 'account' ? profile.contacts : profile.accounts) ?? []) as Related[];
  const other = entity === 'account' ? 'contacts' : 'accounts';
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="related-title">
      <Typography variant="h2" id="related-title" sx={{ mb: 1 }}>
        {t(`customers.related.${other}`)}
      </Typography>
      {items.length === 0 ? (
        <Typography color="text.secondary">{t('customers.related.none')}</Typography>
      ) : (
        <List dense disablePadding>
          {items.map((item) => (
            <ListItem key={item.id} disableGutters>
              <ListItemText
                primary={
                  <Link component={RouterLink} to={`/customers/${other}/${item.id}`}>
                    {item.name}
                  </Link>
                }
                secondary={
                  [item.role, item.isPrimary ? t('customers.related.primary') : null]
                    .filter(Boolean)
                    .join(t('cleaning.separator')) || null
                }
              />
            </ListItem>
          ))}
        </List>
      )}
    </Paper>
  );
}
