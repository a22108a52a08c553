import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { formatDate, isolate } from '../../ui/format';
import {
  customerKeys,
  type ListPage,
  PHASES,
  type Phase,
  PLURAL,
  phaseTargets,
  type RelationshipItem,
} from './api';
import { BoardArea, BoardCard, BoardCards, BoardColumn } from './Board';
import { PhaseDialog } from './PhaseDialog';

/** Customers with no phase yet come first: most new ones start there, and a move gives them one. */
const COLUMNS = ['none', ...PHASES] as const;
type Column = (typeof COLUMNS)[number];
const PER_PAGE = 30;

const boardKey = (type: 'account' | 'contact') => [...customerKeys.all, 'relationships', type] as const;

function PhaseCard({
  item,
  onMove,
}: {
  item: RelationshipItem;
  onMove: (item: RelationshipItem, phase: Phase) => void;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  return (
    <BoardCard
      item={item}
      testId="phase-card"
      menuLabel={t('customers.board.moveNamed', { name: item.name })}
      actions={phaseTargets(item.phase).map((phase) => ({
        key: phase,
        label: t('customers.board.moveTo', { status: t(`customers.phase.${phase}`) }),
        onSelect: () => onMove(item, phase),
      }))}
    >
      <Link
        component={RouterLink}
        to={`/customers/${PLURAL[item.type]}/${item.id}`}
        underline="hover"
        // The card is dragged by its text: the browser's own link dragging would take over.
        draggable={false}
        sx={{ fontWeight: 600, overflowWrap: 'anywhere', display: 'block' }}
      >
        {item.name}
      </Link>
      {item.subStage && (
        <Typography variant="body2" color="text.secondary">
          {t(`customers.subStage.${item.subStage}`)}
        </Typography>
      )}
      {item.since && (
        <Typography variant="body2" color="text.secondary">
          {t('customers.board.since', {
            date: formatDate(new Date(item.since), prefs, { dateStyle: 'medium' }),
          })}
        </Typography>
      )}
      {item.ownerName && (
        <Typography variant="body2" color="text.secondary">
          {t('customers.board.owner', { name: isolate(item.ownerName) })}
        </Typography>
      )}
    </BoardCard>
  );
}

/** One phase's customers, newest in the phase first, the next page on demand; the count is of all. */
function PhaseColumn({
  type,
  column,
  onMove,
}: {
  type: 'account' | 'contact';
  column: Column;
  onMove: (item: RelationshipItem, phase: Phase) => void;
}) {
  const { t } = useTranslation();
  const pages = useInfiniteQuery({
    queryKey: [...boardKey(type), column],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ type, phase: column, limit: String(PER_PAGE), total: 'true' });
      // Customers without a phase have no date in it: alphabetical is the useful order there.
      if (column === 'none') params.set('sort', 'name');
      if (pageParam) params.set('cursor', pageParam);
      return api.get<ListPage<RelationshipItem>>(`/api/v1/relationships?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <BoardColumn
      id={column}
      title={column === 'none' ? t('customers.board.noPhase') : t(`customers.phase.${column}`)}
      count={pages.data?.pages[0]?.total ?? 0}
      droppable={column !== 'none'}
    >
      {pages.isError ? (
        <ErrorState onRetry={() => void pages.refetch()} />
      ) : (
        <BoardCards>
          {items.map((item) => (
            <PhaseCard key={item.id} item={item} onMove={onMove} />
          ))}
        </BoardCards>
      )}
      {pages.hasNextPage && (
        <Button size="small" onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
          {t('customers.board.more')}
        </Button>
      )}
    </BoardColumn>
  );
}

/**
 * Contacts or accounts by relationship phase (the seeds' model). Drag a card to another phase (pointer
 * or touch) or pick the move in its menu (keyboard); either opens the phase form on that phase, which
 * asks the reason — and for dissolution the side that ended it — and saves with the version the card
 * showed. Moves the model does not allow (dissolving a relationship with no phase, leaving dissolution
 * for anything but awareness or exploration) are not offered.
 */
export function PhaseBoard({ type }: { type: 'account' | 'contact' }) {
  const queryClient = useQueryClient();
  const [moving, setMoving] = useState<{ item: RelationshipItem; phase: Phase } | null>(null);
  const onMove = (item: RelationshipItem, phase: Phase) => {
    if (phaseTargets(item.phase).includes(phase)) setMoving({ item, phase });
  };
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: boardKey(type) });
    if (moving) void queryClient.invalidateQueries({ queryKey: customerKeys.view(type, moving.item.id) });
  };
  return (
    <Box>
      <BoardArea<RelationshipItem>
        testId="phase-board"
        onDrop={(item, column) => {
          const phase = PHASES.find((p) => p === column);
          if (phase) onMove(item, phase);
        }}
      >
        {COLUMNS.map((column) => (
          <PhaseColumn key={column} type={type} column={column} onMove={onMove} />
        ))}
      </BoardArea>
      {moving && (
        <PhaseDialog
          entity={type}
          id={moving.item.id}
          name={moving.item.name}
          current={moving.item}
          target={moving.phase}
          open
          onClose={() => {
            // A move that lost a race shows the board as it is now.
            reload();
            setMoving(null);
          }}
          onChanged={() => {
            reload();
            setMoving(null);
          }}
        />
      )}
    </Box>
  );
}
