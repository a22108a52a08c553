import EditOutlined from '@mui/icons-material/EditOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { serverFieldError } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate, formatNumber, localizeDigits } from '../../ui/format';
import { customerKeys, type ListPage } from './api';
import { staleAwareMessage } from './staleErrors';

/** An episode (اپیزود تعاملی) as GET /api/v1/episodes gives it. */
interface Episode {
  id: string;
  name: string;
  description: string;
  startedAt: string;
  endedAt: string | null;
  open: boolean;
  interactionCount: number;
  version: number;
}

const PER_PAGE = 10;

/** Name and outcome of an episode, changed with the version shown (a 409 says someone was quicker). */
function EpisodeDialog({
  episode,
  onClose,
  onSaved,
}: {
  episode: Episode;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(episode.name);
  const [description, setDescription] = useState(episode.description);
  const [missingName, setMissingName] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api.patchVersion(
        `/api/v1/episodes/${episode.id}`,
        { name: name.trim(), description: description.trim() },
        episode.version,
      ),
    onSuccess: onSaved,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissingName(!name.trim());
    if (name.trim()) save.mutate();
  };
  const nameError = missingName ? t('errors.field.required') : serverFieldError(save.error, 'name', t);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle>{t('customers.episodes.editTitle')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormAlert
              message={
                nameError ? undefined : staleAwareMessage(save.error, t, t('customers.episodes.conflict'))
              }
            />
            <TextField
              label={t('customers.episodes.name')}
              value={name}
              onChange={(event) => setName(event.target.value)}
              required
              error={Boolean(nameError)}
              helperText={nameError}
            />
            <TextField
              label={t('customers.episodes.outcome')}
              value={description}
              onChange={(event) => setDescription(event.target.value)}
              multiline
              minRows={2}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/**
 * The customer's episodes — spans of interaction with a start and, once closed, an end — newest first:
 * start one, close or reopen it, edit its name and outcome. Interactions are linked to an episode when
 * they are logged through the API.
 */
export function EpisodesPanel({ entity, id }: { entity: 'contact' | 'account'; id: string }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const queryClient = useQueryClient();
  const key = [...customerKeys.view(entity, id), 'episodes'];
  const episodes = useInfiniteQuery({
    queryKey: key,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({
        [`${entity}Id`]: id,
        limit: String(PER_PAGE),
        sort: '-startedAt',
      });
      if (pageParam) params.set('cursor', pageParam);
      return api.get<ListPage<Episode>>(`/api/v1/episodes?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const reload = () => queryClient.invalidateQueries({ queryKey: key });
  const [name, setName] = useState('');
  const [missingName, setMissingName] = useState(false);
  const [editing, setEditing] = useState<Episode | null>(null);
  const start = useMutation({
    mutationFn: () => api.post('/api/v1/episodes', { name: name.trim(), [`${entity}Id`]: id }),
    onSuccess: () => {
      setName('');
      void reload();
    },
  });
  const toggle = useMutation({
    mutationFn: (episode: Episode) =>
      api.patchVersion(
        `/api/v1/episodes/${episode.id}`,
        { endedAt: episode.open ? new Date().toISOString() : null },
        episode.version,
      ),
    onSettled: () => void reload(),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissingName(!name.trim());
    if (name.trim()) start.mutate();
  };
  const nameError = missingName ? t('errors.field.required') : serverFieldError(start.error, 'name', t);
  const date = (iso: string) => formatDate(new Date(iso), prefs, { dateStyle: 'medium' });
  const items = episodes.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="episodes-title">
      <Typography variant="h2" id="episodes-title" sx={{ mb: 1 }}>
        {t('customers.episodes.title')}
      </Typography>
      <FormAlert
        message={
          (start.error && !nameError
            ? staleAwareMessage(start.error, t, t('customers.episodes.conflict'))
            : undefined) ?? staleAwareMessage(toggle.error, t, t('customers.episodes.conflict'))
        }
      />
      {episodes.isSuccess && items.length === 0 && (
        <Typography color="text.secondary">{t('customers.episodes.none')}</Typography>
      )}
      <List dense disablePadding data-testid="episodes">
        {items.map((episode) => (
          <ListItem
            key={episode.id}
            disableGutters
            sx={{ display: 'block', py: 1, borderBottom: 1, borderColor: 'divider' }}
          >
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
              <Typography sx={{ fontWeight: 600, flex: '1 1 8rem', overflowWrap: 'anywhere' }}>
                {episode.name}
              </Typography>
              <Chip
                size="small"
                color={episode.open ? 'primary' : 'default'}
                variant="outlined"
                label={episode.open ? t('customers.episodes.open') : t('customers.episodes.closed')}
              />
              <IconButton
                size="small"
                aria-label={t('customers.episodes.editNamed', { name: episode.name })}
                onClick={() => setEditing(episode)}
              >
                <EditOutlined fontSize="small" />
              </IconButton>
            </Box>
            <Typography variant="body2" color="text.secondary">
              {episode.endedAt
                ? t('customers.episodes.span', { from: date(episode.startedAt), to: date(episode.endedAt) })
                : t('customers.episodes.since', { date: date(episode.startedAt) })}
              {' · '}
              {t('customers.episodes.interactions', { n: formatNumber(episode.interactionCount, prefs) })}
            </Typography>
            {episode.description && (
              <Typography variant="body2" dir="auto" sx={{ whiteSpace: 'pre-line', textAlign: 'start' }}>
                {localizeDigits(episode.description, prefs.digits)}
              </Typography>
            )}
            <Button
              size="small"
              onClick={() => toggle.mutate(episode)}
              disabled={toggle.isPending}
              aria-label={t(
                episode.open ? 'customers.episodes.closeNamed' : 'customers.episodes.reopenNamed',
                {
                  name: episode.name,
                },
              )}
            >
              {episode.open ? t('customers.episodes.close') : t('customers.episodes.reopen')}
            </Button>
          </ListItem>
        ))}
      </List>
      {episodes.hasNextPage && (
        <Button onClick={() => void episodes.fetchNextPage()} loading={episodes.isFetchingNextPage}>
          {t('customers.board.more')}
        </Button>
      )}
      <Box
        component="form"
        onSubmit={submit}
        noValidate
        sx={{ display: 'flex', gap: 1, mt: 1, flexWrap: 'wrap' }}
      >
        <TextField
          size="small"
          label={t('customers.episodes.new')}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={Boolean(nameError)}
          helperText={nameError}
          sx={{ flex: '2 1 160px' }}
        />
        <Button type="submit" variant="outlined" loading={start.isPending}>
          {t('customers.episodes.start')}
        </Button>
      </Box>
      {editing && (
        <EpisodeDialog
          episode={editing}
          onClose={() => {
            setEditing(null);
            void reload();
          }}
          onSaved={() => {
            setEditing(null);
            void reload();
          }}
        />
      )}
    </Paper>
  );
}
