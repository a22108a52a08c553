import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate, formatNumber, isolate } from '../../ui/format';
import { useLastChangeNote } from '../../ui/lastChange';
import type { ListPage } from '../customers/api';
import { BoardArea, BoardCard, BoardCards, BoardColumn } from '../customers/Board';
import { staleAwareMessage } from '../customers/staleErrors';
import { type Deal, formatAmount, type Pipeline, type Stage, type StageTotals, salesKeys } from './api';
import { LostDialog } from './LostDialog';

const PER_COLUMN = 50;

function DealCard({
  deal,
  stages,
  onMove,
}: {
  deal: Deal;
  stages: Stage[];
  onMove: (deal: Deal, stage: Stage) => void;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  return (
    <BoardCard
      item={deal}
      testId="deal-card"
      menuLabel={t('sales.board.moveNamed', { name: deal.title })}
      actions={stages
        .filter((s) => s.id !== deal.stageId)
        .map((stage) => ({
          key: stage.id,
          label: t('sales.board.moveTo', { stage: stage.name }),
          onSelect: () => onMove(deal, stage),
        }))}
    >
      <Link
        component={RouterLink}
        to={`/sales/deals/${deal.id}`}
        underline="hover"
        color="inherit"
        sx={{ fontWeight: 600, overflowWrap: 'anywhere', display: 'block' }}
      >
        {deal.title}
      </Link>
      {deal.accountName && (
        <Typography variant="body2" color="text.secondary">
          {deal.accountName}
        </Typography>
      )}
      <Typography variant="body2">{isolate(formatAmount(deal.amount, deal.currency, prefs))}</Typography>
      {deal.expectedCloseDate && (
        <Typography variant="body2" color="text.secondary">
          {t('sales.board.expectedClose', {
            date: formatDate(new Date(`${deal.expectedCloseDate}T12:00:00Z`), prefs, { dateStyle: 'medium' }),
          })}
        </Typography>
      )}
    </BoardCard>
  );
}

/** A column's sums, one line per currency: the amount and, for open stages, the weighted amount. */
function ColumnTotals({ stage, totals }: { stage: Stage; totals: StageTotals['items'][number] | undefined }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  if (!totals?.amounts.length) return null;
  return (
    <Box data-testid="column-totals" sx={{ px: 0.5 }}>
      {totals.amounts.map((a) => (
        <Box key={a.currency}>
          <Typography variant="body2">{isolate(formatAmount(a.amount, a.currency, prefs))}</Typography>
          {stage.kind === 'open' && (
            <Typography variant="caption" color="text.secondary">
              {t('sales.board.weighted', { amount: isolate(formatAmount(a.weighted, a.currency, prefs)) })}
            </Typography>
          )}
        </Box>
      ))}
    </Box>
  );
}

/**
 * Deals of one pipeline by stage: drag a card to another column (pointer or touch) or use its menu
 * (keyboard). Moving into the lost stage asks for the reason first. Each move is a PATCH with the version
 * shown, so a deal changed meanwhile is not overwritten; the board reloads after every move.
 */
export function DealBoard({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation();
  const lastChangeNote = useLastChangeNote();
  const prefs = useFormatPrefs();
  const queryClient = useQueryClient();
  const stages = pipeline.stages;
  const columns = useQueries({
    queries: stages.map((stage) => ({
      queryKey: [...salesKeys.board(pipeline.id), stage.id],
      queryFn: () =>
        api.get<ListPage<Deal>>(
          `/api/v1/deals?limit=${PER_COLUMN}&sort=-updatedAt&filter=${encodeURIComponent(
            JSON.stringify({ and: [{ field: 'stageId', op: 'eq', value: stage.id }] }),
          )}`,
        ),
    })),
  });
  const totals = useQuery({
    queryKey: [...salesKeys.board(pipeline.id), 'totals'],
    queryFn: () => api.get<StageTotals>(`/api/v1/pipelines/${pipeline.id}/totals`),
  });
  const [losing, setLosing] = useState<Deal | null>(null);
  const lostStage = stages.find((s) => s.kind === 'lost');
  const move = useMutation({
    mutationFn: ({ deal, stage }: { deal: Deal; stage: Stage }) =>
      api.patchVersion(`/api/v1/deals/${deal.id}`, { stageId: stage.id }, deal.version),
    onSettled: () => queryClient.invalidateQueries({ queryKey: salesKeys.board(pipeline.id) }),
  });
  const onMove = (deal: Deal, stage: Stage) => {
    if (stage.id === deal.stageId) return;
    if (stage.kind === 'lost') setLosing(deal);
    else move.mutate({ deal, stage });
  };
  return (
    <Box>
      <FormAlert message={staleAwareMessage(move.error, t, t('sales.board.conflict'), lastChangeNote)} />
      <BoardArea<Deal>
        testId="deal-board"
        onDrop={(deal, column) => {
          const stage = stages.find((s) => s.id === column);
          if (stage) onMove(deal, stage);
        }}
      >
        {stages.map((stage, index) => {
          const stageTotals = totals.data?.items.find((i) => i.stageId === stage.id);
          return (
            <BoardColumn
              key={stage.id}
              id={stage.id}
              title={t('sales.board.stage', {
                name: stage.name,
                probability: formatNumber(stage.probability, prefs),
              })}
              count={stageTotals?.deals ?? 0}
            >
              <ColumnTotals stage={stage} totals={stageTotals} />
              <BoardCards>
                {columns[index]?.data?.items.map((deal) => (
                  <DealCard key={deal.id} deal={deal} stages={stages} onMove={onMove} />
                ))}
              </BoardCards>
            </BoardColumn>
          );
        })}
      </BoardArea>
      {losing && lostStage && (
        <LostDialog
          deal={losing}
          stage={lostStage}
          onClose={() => setLosing(null)}
          onDone={() => {
            setLosing(null);
            void queryClient.invalidateQueries({ queryKey: salesKeys.board(pipeline.id) });
          }}
        />
      )}
    </Box>
  );
}
