import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { FormAlert } from '../../ui/FormAlert';
import { isolate, localizeDigits } from '../../ui/format';
import { type CustomerRecord, customerKeys, type ListPage, titleOf } from './api';
import { BoardArea, BoardCard, BoardCards, BoardColumn } from './Board';
import { ConvertLeadDialog } from './ConvertLeadDialog';
import { staleAwareMessage } from './staleErrors';

/** The board's columns: every lead status; converted leads are shown but only conversion puts them there. */
const STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'converted'] as const;
type Status = (typeof STATUSES)[number];
const MOVABLE: readonly Status[] = ['new', 'contacted', 'qualified', 'unqualified'];
const PER_COLUMN = 50;

type Lead = CustomerRecord & { status: Status; score?: number };

function LeadCard({
  lead,
  onMove,
  onConvert,
}: {
  lead: Lead;
  onMove: (lead: Lead, status: Status) => void;
  onConvert: (lead: Lead) => void;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const title = titleOf(lead);
  const actions =
    lead.status === 'converted'
      ? []
      : [
          ...MOVABLE.filter((s) => s !== lead.status).map((status) => ({
            key: status,
            label: t('customers.board.moveTo', { status: t(`customers.leadStatus.${status}`) }),
            onSelect: () => onMove(lead, status),
          })),
          { key: 'convert', label: t('customers.convert.action'), onSelect: () => onConvert(lead) },
        ];
  return (
    <BoardCard
      item={lead}
      testId="lead-card"
      menuLabel={t('customers.board.moveNamed', { name: title })}
      actions={actions}
    >
      <Typography sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>{title}</Typography>
      {lead.companyName && lead.companyName !== title && (
        <Typography variant="body2" color="text.secondary">
          {lead.companyName}
        </Typography>
      )}
      {lead.phone && (
        <Typography variant="body2" color="text.secondary">
          {isolate(localizeDigits(lead.phone, prefs.digits))}
        </Typography>
      )}
    </BoardCard>
  );
}

/**
 * Leads by status: drag a card to another column (pointer or touch), or use its menu (keyboard), which
 * also converts a lead.
 * Each move is a PATCH with the version shown, so a lead changed meanwhile is not overwritten.
 */
export function LeadBoard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const columns = useQueries({
    queries: STATUSES.map((status) => ({
      queryKey: [...customerKeys.all, 'lead', 'board', status],
      queryFn: () =>
        api.get<ListPage<Lead>>(
          `/api/v1/leads?limit=${PER_COLUMN}&total=true&sort=-updatedAt&filter=${encodeURIComponent(
            JSON.stringify({ field: 'status', op: 'eq', value: status }),
          )}`,
        ),
    })),
  });
  const [converting, setConverting] = useState<Lead | null>(null);
  const move = useMutation({
    mutationFn: ({ lead, status }: { lead: Lead; status: Status }) =>
      api.patchVersion(`/api/v1/leads/${lead.id}`, { status }, lead.version),
    onSettled: () => queryClient.invalidateQueries({ queryKey: customerKeys.all }),
  });
  const onMove = (lead: Lead, status: Status) => {
    if (status !== lead.status) move.mutate({ lead, status });
  };
  return (
    <Box>
      <FormAlert message={staleAwareMessage(move.error, t, t('customers.board.conflict'))} />
      <BoardArea<Lead>
        testId="lead-board"
        onDrop={(lead, column) => {
          const status = MOVABLE.find((s) => s === column);
          if (status) onMove(lead, status);
        }}
      >
        {STATUSES.map((status, index) => {
          const page = columns[index]?.data;
          return (
            <BoardColumn
              key={status}
              id={status}
              title={t(`customers.leadStatus.${status}`)}
              count={page?.total ?? 0}
              droppable={status !== 'converted'}
            >
              <BoardCards>
                {page?.items.map((lead) => (
                  <LeadCard key={lead.id} lead={lead} onMove={onMove} onConvert={setConverting} />
                ))}
              </BoardCards>
            </BoardColumn>
          );
        })}
      </BoardArea>
      {converting && <ConvertLeadDialog lead={converting} onClose={() => setConverting(null)} />}
    </Box>
  );
}
