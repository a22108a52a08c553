import { useDraggable } from '@dnd-kit/core';
import CallOutlined from '@mui/icons-material/CallOutlined';
import GroupsOutlined from '@mui/icons-material/GroupsOutlined';
import HandshakeOutlined from '@mui/icons-material/HandshakeOutlined';
import TaskAltOutlined from '@mui/icons-material/TaskAltOutlined';
import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { type AgendaEntry, entryId, type TaskKind, type Touchpoint } from './api';

export const KIND_ICONS: Record<TaskKind, ReactElement> = {
  todo: <TaskAltOutlined fontSize="inherit" />,
  call: <CallOutlined fontSize="inherit" />,
  meeting: <GroupsOutlined fontSize="inherit" />,
};

const TOUCHPOINT_ICONS: Record<Touchpoint['channel'], ReactElement> = {
  call: <CallOutlined fontSize="inherit" />,
  meeting: <GroupsOutlined fontSize="inherit" />,
  in_person: <HandshakeOutlined fontSize="inherit" />,
};

/** Read by screen readers, not shown. */
const HIDDEN = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/**
 * A task or touchpoint on the calendar: a button that opens it. A task can also be dragged to another day
 * or hour (the dialog it opens moves it from the keyboard); done ones are struck through. A touchpoint is a
 * record of what was held with a customer, drawn outlined, and opens the customer's page.
 */
export function CalendarItem({
  entry,
  time,
  onOpen,
  wide = false,
  compact = false,
}: {
  entry: AgendaEntry;
  /** Its time on the user's clock, already formatted. */
  time: string;
  onOpen: (entry: AgendaEntry) => void;
  /** In the agenda list: the whole line, time in its own column. */
  wide?: boolean;
  /** In a month cell or a week's hour: at phone width the time is left out. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const task = entry.type === 'task' ? entry.task : null;
  const { listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: entryId(entry),
    data: entry,
    disabled: !task,
  });
  const done = task?.status === 'done';
  const kindWord = task
    ? t(`calendar.kind.${task.kind}`)
    : t(`calendar.touchpoint.${entry.type === 'touchpoint' ? entry.touchpoint.channel : 'call'}`);
  const title = task ? task.title : entry.type === 'touchpoint' ? (entry.touchpoint.subject ?? kindWord) : '';
  const icon = task
    ? KIND_ICONS[task.kind]
    : entry.type === 'touchpoint'
      ? TOUCHPOINT_ICONS[entry.touchpoint.channel]
      : null;
  return (
    <ButtonBase
      ref={setNodeRef}
      {...listeners}
      onClick={() => onOpen(entry)}
      data-testid="calendar-item"
      sx={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'flex-start',
        gap: 0.5,
        width: '100%',
        minWidth: 0,
        px: 0.5,
        py: wide ? 1 : 0.25,
        borderRadius: 1,
        fontSize: wide ? '0.95rem' : '0.78rem',
        lineHeight: 1.4,
        textAlign: 'start',
        textDecoration: done ? 'line-through' : 'none',
        // Tasks are filled by kind; touchpoints outlined, being what was held rather than what is to do.
        bgcolor: !task
          ? 'background.paper'
          : task.kind === 'todo'
            ? 'action.selected'
            : `${task.kind === 'call' ? 'success' : 'info'}.light`,
        border: task ? 0 : '1px solid',
        borderColor: 'divider',
        color: (theme) =>
          !task || task.kind === 'todo'
            ? theme.palette.text.primary
            : theme.palette.getContrastText(
                task.kind === 'call' ? theme.palette.success.light : theme.palette.info.light,
              ),
        transform: transform ? `translate(${transform.x}px, ${transform.y}px)` : undefined,
        opacity: isDragging ? 0.7 : 1,
        zIndex: isDragging ? 3 : undefined,
        position: 'relative',
        cursor: task ? 'grab' : 'pointer',
        touchAction: task ? 'none' : 'auto',
        '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineStyle: 'solid' },
      }}
    >
      <span aria-hidden="true" style={{ display: 'inline-flex', flexShrink: 0 }}>
        {icon}
      </span>
      {/* The kind is the icon on screen and a word for screen readers, so the name still starts with what is seen. */}
      <Box component="span" sx={HIDDEN}>
        {kindWord}
      </Box>
      {/* In a phone's month cell only the icon and the title fit; the day view shows the time. */}
      <Box
        component="span"
        sx={{
          flexShrink: 0,
          minWidth: wide ? '4.5em' : undefined,
          fontVariantNumeric: 'tabular-nums',
          display: compact ? { xs: 'none', sm: 'inline' } : 'inline',
        }}
      >
        {time}
      </Box>
      <span
        dir="auto"
        style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 }}
      >
        {title}
      </span>
    </ButtonBase>
  );
}
