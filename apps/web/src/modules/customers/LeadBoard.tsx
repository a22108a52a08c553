import {
  DndContext,
  type DragEndEvent,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import MoreVert from '@mui/icons-material/MoreVert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatNumber, isolate, localizeDigits } from '../../ui/format';
import { type CustomerRecord, customerKeys, type ListPage, titleOf } from './api';
import { ConvertLeadDialog } from './ConvertLeadDialog';

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
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const movable = lead.status !== 'converted';
  const { listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: lead.id,
    data: lead,
    disabled: !movable,
  });
  const title = titleOf(lead);
  return (
    <Card
      ref={setNodeRef}
      variant="outlined"
      component="li"
      data-testid="lead-card"
      sx={{
        transform: transform ? `translate(${transform.x}px, ${transform.y}px)` : undefined,
        opacity: isDragging ? 0.6 : 1,
        zIndex: isDragging ? 2 : undefined,
        position: 'relative',
        cursor: movable ? 'grab' : 'default',
        touchAction: 'none',
      }}
    >
      {/* The drag handle is the card's text; keyboard users move it with the menu button instead. */}
      <CardContent sx={{ p: 1.5, pe: 5, '&:last-child': { pb: 1.5 } }} {...listeners}>
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
      </CardContent>
      {movable && (
        <>
          <IconButton
            size="small"
            aria-label={t('customers.board.moveNamed', { name: title })}
            aria-haspopup="menu"
            onClick={(event) => setAnchor(event.currentTarget)}
            sx={{ position: 'absolute', top: 4, insetInlineEnd: 4 }}
          >
            <MoreVert fontSize="small" />
          </IconButton>
          <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
            {MOVABLE.filter((s) => s !== lead.status).map((status) => (
              <MenuItem
                key={status}
                onClick={() => {
                  setAnchor(null);
                  onMove(lead, status);
                }}
              >
                {t('customers.board.moveTo', { status: t(`customers.leadStatus.${status}`) })}
              </MenuItem>
            ))}
            <MenuItem
              onClick={() => {
                setAnchor(null);
                onConvert(lead);
              }}
            >
              {t('customers.convert.action')}
            </MenuItem>
          </Menu>
        </>
      )}
    </Card>
  );
}

function Column({
  status,
  page,
  onMove,
  onConvert,
}: {
  status: Status;
  page: ListPage<Lead> | undefined;
  onMove: (lead: Lead, status: Status) => void;
  onConvert: (lead: Lead) => void;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const { setNodeRef, isOver } = useDroppable({ id: status, disabled: status === 'converted' });
  const heading = `lead-column-${status}`;
  return (
    <Paper
      ref={setNodeRef}
      variant="outlined"
      component="section"
      aria-labelledby={heading}
      data-testid={`column-${status}`}
      sx={{
        p: 1,
        minWidth: 220,
        // A column is a drop target over its whole height, also when it is empty.
        minHeight: 280,
        flex: '1 0 220px',
        bgcolor: isOver ? 'action.hover' : 'background.default',
        display: 'flex',
        flexDirection: 'column',
        gap: 1,
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 0.5 }}>
        <Typography variant="h3" component="h2" id={heading} sx={{ flex: 1 }}>
          {t(`customers.leadStatus.${status}`)}
        </Typography>
        <Chip size="small" label={formatNumber(page?.total ?? 0, prefs)} />
      </Box>
      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0, display: 'grid', gap: 1 }}>
        {page?.items.map((lead) => (
          <LeadCard key={lead.id} lead={lead} onMove={onMove} onConvert={onConvert} />
        ))}
      </Box>
    </Paper>
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
  // A small movement first, so a click on the card's menu is not taken for a drag.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const lead = active.data.current as Lead | undefined;
    const status = over?.id as Status | undefined;
    if (lead && status && MOVABLE.includes(status)) onMove(lead, status);
  };
  return (
    <Box>
      <FormAlert message={move.error ? problemMessage(move.error, t) : undefined} />
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <Box
          sx={{ display: 'flex', gap: 1.5, overflowX: 'auto', pb: 1, alignItems: 'stretch' }}
          data-testid="lead-board"
        >
          {STATUSES.map((status, index) => (
            <Column
              key={status}
              status={status}
              page={columns[index]?.data}
              onMove={onMove}
              onConvert={setConverting}
            />
          ))}
        </Box>
      </DndContext>
      {converting && <ConvertLeadDialog lead={converting} onClose={() => setConverting(null)} />}
    </Box>
  );
}
