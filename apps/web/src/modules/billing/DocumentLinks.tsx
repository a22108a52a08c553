import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { api } from '../../api/client';
import { billingKeys, type DocumentSummary, type DocumentType, type Page, PLURAL } from './api';
import { useMoney } from './useMoney';

/**
 * The documents linked to a record, newest first, each a link to its page: those made for a deal
 * (`dealId`) or made from a document (`sourceId`: a quote's order, an order's invoice, an invoice's
 * credit note).
 */
export function DocumentLinks({
  field,
  id,
  types,
  emptyText,
}: {
  field: 'dealId' | 'sourceId';
  id: string;
  types: readonly DocumentType[];
  emptyText?: string;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const filter = encodeURIComponent(JSON.stringify({ and: [{ field, op: 'eq', value: id }] }));
  const lists = useQueries({
    queries: types.map((type) => ({
      queryKey: billingKeys.page(PLURAL[type], `${field}=${id}`),
      queryFn: () => api.get<Page<DocumentSummary>>(`/api/v1/${PLURAL[type]}?limit=50&filter=${filter}`),
    })),
  });
  if (lists.some((l) => l.isPending)) return null;
  const documents = lists
    .flatMap((l) => l.data?.items ?? [])
    .sort((a, b) => b.issueDate.localeCompare(a.issueDate));
  if (documents.length === 0)
    return emptyText ? <Typography color="text.secondary">{emptyText}</Typography> : null;
  return (
    <List dense data-testid={`documents-by-${field}`}>
      {documents.map((d) => (
        <ListItem key={d.id} disableGutters>
          <ListItemText
            primary={
              <Link component={RouterLink} to={`/billing/${PLURAL[d.type]}/${d.id}`}>
                {t(`billing.types.${d.type}`)} <bdi>{d.number ?? t('billing.draft')}</bdi>
              </Link>
            }
            secondary={`${t(`billing.status.${d.status}`)} · ${money(d.total, d.currency)}`}
          />
        </ListItem>
      ))}
    </List>
  );
}
