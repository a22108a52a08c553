import { useDraggable } from '@dnd-kit/core';
import CallOutlined from '@mui/icons-material/CallOutlined';
import GroupsOutlined from '@mui/icons-material/GroupsOutlined';
import TaskAltOutlined from '@mui/icons-material/TaskAltOutlined';
import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task, TaskKind } from './api';

export const KIND_ICONS: Record<TaskKind, ReactElement> = {
  todo: <TaskAltOutlined fontSize="inherit" />,
  call: <CallOutlined fontSize="inherit" />,
  meeting: <GroupsOutlined fontSize="inherit" />,
};

const BACKGROUNDS: Record<TaskKind, string> = {
  todo: 'action.selected',
  call: 'success.light',
  meeting: 'info.light',
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
 * A task on the calendar: a button that opens it, and a handle to drag it to another day or hour. The
 * dialog it opens moves it from the keyboard. Done tasks are struck through.
 */
export function CalendarItem({
  task,
  time,
  onOpen,
  wide = false,
  compact = false,
}: {
  task: Task;
  /** Its time on the user's clock, already formatted. */
  time: string;
  onOpen: (task: Task) => void;
  /** In the agenda list: the whole line, time in its own column. */
  wide?: boolean;
  /** In a month cell: at phone width the time is left out. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const { listeners, setNodeRef, transform, isDragging } = useDraggable({ id: task.id, data: task });
  const done = task.status === 'done';
  return (
    <ButtonBase
      ref={setNodeRef}
      {...listeners}
      onClick={() => onOpen(task)}
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
        bgcolor: BACKGROUNDS[task.kind],
        // Text that reads on the kind's colour in either theme; done ones fade.
        color: (theme) =>
          task.kind === 'todo'
            ? theme.palette.text.primary
            : theme.palette.getContrastText(
                task.kind === 'call' ? theme.palette.success.light : theme.palette.info.light,
              ),
        opacity: isDragging ? 0.7 : 1,
        transform: transform ? `translate(${transform.x}px, ${transform.y}px)` : undefined,
        zIndex: isDragging ? 3 : undefined,
        position: 'relative',
        cursor: 'grab',
        touchAction: 'none',
        '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineStyle: 'solid' },
      }}
    >
      <span aria-hidden="true" style={{ display: 'inline-flex', flexShrink: 0 }}>
        {KIND_ICONS[task.kind]}
      </span>
      {/* The kind is the icon on screen and a word for screen readers, so the name still starts with what is seen. */}
      <Box component="span" sx={HIDDEN}>
        {t(`calendar.kind.${task.kind}`)}
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
        {task.title}
      </span>
    </ButtonBase>
  );
}
