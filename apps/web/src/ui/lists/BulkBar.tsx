import Box from '@mui/material/Box';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { problemMessage } from '../errors';
import { formatNumber } from '../format';

/**
 * Why a bulk action was refused: how many of the chosen rows stopped it (the server changes all or none,
 * naming each refused one at ids.N), or the server's own words.
 */
export function bulkMessage(error: unknown, t: TFunction, n: (value: number) => string): string {
  if (isApiError(error) && [403, 404, 409].includes(error.status)) {
    const refused = (error.problem.errors ?? []).filter((e) => String(e.path).startsWith('ids.')).length;
    if (refused) return t('lists.bulk.refused', { n: n(refused) });
  }
  return problemMessage(error, t);
}

/** The toolbar over a list while rows are chosen: how many, then the list's own actions. */
export function BulkBar({ count, children }: { count: number; children: ReactNode }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  if (count === 0) return null;
  return (
    <Paper
      variant="outlined"
      sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', p: 1, mb: 1 }}
      role="toolbar"
      aria-label={t('lists.bulk.label')}
    >
      <Typography sx={{ px: 1, fontWeight: 500 }}>
        {t('lists.bulk.selected', { n: formatNumber(count, prefs) })}
      </Typography>
      <Box sx={{ flex: 1 }} />
      {children}
    </Paper>
  );
}

/** The members to give the chosen rows to (the caller passes the organisation's active ones). */
export function MemberMenu({
  id,
  anchor,
  members,
  onClose,
  onChoose,
}: {
  id: string;
  anchor: HTMLElement | null;
  members: { id: string; name: string; status: string }[];
  onClose: () => void;
  onChoose: (userId: string) => void;
}) {
  return (
    <Menu id={id} anchorEl={anchor} open={Boolean(anchor)} onClose={onClose}>
      {members
        .filter((m) => m.status === 'active')
        .map((member) => (
          <MenuItem
            key={member.id}
            onClick={() => {
              onClose();
              onChoose(member.id);
            }}
          >
            {member.name}
          </MenuItem>
        ))}
    </Menu>
  );
}
