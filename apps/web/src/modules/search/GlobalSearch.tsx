import Search from '@mui/icons-material/Search';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import InputAdornment from '@mui/material/InputAdornment';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { isolate, localizeDigits } from '../../ui/format';
import { useDebounced } from '../../ui/lists/url';

interface SearchHit {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
  highlight: { field: string; text: string; ranges: [number, number][] } | null;
}

/** Where a hit leads: the record's own page, or its list when it has none. */
function pathOf(hit: SearchHit): string {
  if (hit.type === 'contact') return `/customers/contacts/${hit.id}`;
  if (hit.type === 'account') return `/customers/accounts/${hit.id}`;
  if (hit.type === 'product') return `/products/${hit.id}`;
  if (hit.type === 'deal') return `/sales/deals/${hit.id}`;
  if (hit.type === 'sales_document') return `/billing/${documentPlural(hit.title)}/${hit.id}`;
  return `/customers?type=${hit.type}`;
}

/** A billing document's list from its number's prefix (only numbered documents are found): QUO-, SO-, INV-, CN-. */
const DOCUMENT_PREFIXES: Record<string, string> = {
  QUO: 'quotes',
  SO: 'sales-orders',
  INV: 'invoices',
  CN: 'credit-notes',
};
function documentPlural(number: string): string {
  return DOCUMENT_PREFIXES[number.split('-')[0] ?? ''] ?? 'invoices';
}

/** The text with its matched ranges marked. */
function Marked({ text, ranges }: { text: string; ranges: [number, number][] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/**
 * One search box over every record type (GET /api/v1/search), from the top bar or Ctrl/Cmd+K:
 * results while typing from two characters, arrows to choose, Enter to open.
 */
export function GlobalSearch() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 150);
  const listId = useId();
  const results = useQuery({
    queryKey: ['search', q],
    queryFn: () => api.get<{ items: SearchHit[] }>(`/api/v1/search?q=${encodeURIComponent(q)}&limit=10`),
    enabled: open && [...q].length >= 2,
    placeholderData: (previous) => previous,
  });
  const hits = [...q].length >= 2 ? (results.data?.items ?? []) : [];

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new answer starts at its first hit
  useEffect(() => setActive(0), [results.data]);

  const close = () => {
    setOpen(false);
    setText('');
  };
  const go = (hit: SearchHit | undefined) => {
    if (!hit) return;
    close();
    navigate(pathOf(hit));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, hits.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(hits[active]);
    }
  };

  return (
    <>
      <Button
        color="inherit"
        onClick={() => setOpen(true)}
        startIcon={<Search />}
        aria-keyshortcuts="Control+K Meta+K"
        aria-label={t('search.open')}
        data-testid="global-search"
        sx={{ color: 'text.secondary', minWidth: 0 }}
      >
        <Box component="span" sx={{ display: { xs: 'none', sm: 'inline' } }}>
          {t('search.open')}
        </Box>
      </Button>
      <Dialog
        open={open}
        onClose={close}
        fullWidth
        maxWidth="sm"
        slotProps={{
          paper: { sx: { alignSelf: 'flex-start', mt: { xs: 2, sm: 10 } }, 'aria-label': t('search.label') },
        }}
      >
        <Box sx={{ p: 2 }}>
          <TextField
            autoFocus
            fullWidth
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
            label={t('search.label')}
            placeholder={t('search.placeholder')}
            slotProps={{
              input: {
                startAdornment: (
                  <InputAdornment position="start">
                    <Search />
                  </InputAdornment>
                ),
              },
              htmlInput: {
                role: 'combobox',
                'aria-expanded': hits.length > 0,
                'aria-controls': listId,
                'aria-activedescendant': hits[active] ? `${listId}-${active}` : undefined,
                'aria-autocomplete': 'list',
              },
            }}
          />
          {[...q].length >= 2 && !results.isFetching && hits.length === 0 && (
            <Typography color="text.secondary" sx={{ mt: 2 }} role="status">
              {t('search.none')}
            </Typography>
          )}
          <List id={listId} role="listbox" aria-label={t('search.results')} dense sx={{ mt: 1 }}>
            {hits.map((hit, index) => {
              const marked =
                hit.highlight?.field === 'title' ? (
                  <Marked text={hit.title} ranges={hit.highlight.ranges} />
                ) : (
                  hit.title
                );
              // Isolated, so a phone number keeps its left-to-right order inside a Persian line.
              const shown =
                hit.highlight && hit.highlight.field !== 'title' ? hit.highlight.text : hit.subtitle;
              const detail = shown ? isolate(localizeDigits(shown, prefs.digits)) : null;
              return (
                <ListItemButton
                  key={`${hit.type}:${hit.id}`}
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === active}
                  selected={index === active}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => go(hit)}
                >
                  <ListItemText primary={marked} secondary={detail} />
                  <Chip
                    size="small"
                    variant="outlined"
                    label={t(`search.type.${hit.type}`, { defaultValue: hit.type })}
                  />
                </ListItemButton>
              );
            })}
          </List>
        </Box>
      </Dialog>
    </>
  );
}
