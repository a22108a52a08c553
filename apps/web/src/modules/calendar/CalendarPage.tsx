import {
  DndContext,
  type DragEndEvent,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import ChevronLeft from '@mui/icons-material/ChevronLeft';
import ChevronRight from '@mui/icons-material/ChevronRight';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import { useTheme } from '@mui/material/styles';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { useFormatPrefs } from '../../app/prefs';
import { ErrorState } from '../../ui/ErrorState';
import { FormAlert } from '../../ui/FormAlert';
import {
  type FormatPrefs,
  formatDate,
  formatFullDate,
  formatMonthYear,
  formatNumber,
  intlLocale,
} from '../../ui/format';
import { type AgendaEntry, customerPageOf, entryId, type Task, useAgenda, useChangeTask } from './api';
import { CalendarItem } from './CalendarItem';
import {
  type Day,
  dayAndTime,
  daysShown,
  firstWeekday,
  instantOf,
  isoOf,
  monthOf,
  noonOf,
  step,
  type View,
} from './days';
import { TaskDialog, taskSaveMessage } from './TaskDialog';

const VIEWS: readonly View[] = ['month', 'week', 'day', 'agenda'];
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const HOUR_HEIGHT = 52;
/** Where the week and day views open: the working morning, with the night above it. */
const FIRST_VISIBLE_HOUR = 7;
/** Tasks shown in a month cell before "n more" (which opens the day). */
const PER_MONTH_CELL = 3;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Placed {
  entry: AgendaEntry;
  day: Day;
  minutes: number;
}

/** Days are formatted as the UTC noon of that day, so Intl shows that very day in the user's calendar. */
function dayPrefs(prefs: FormatPrefs): FormatPrefs {
  return { ...prefs, timeZone: 'UTC' };
}

function parseIsoDay(text: string | null): Day | null {
  const match = text ? ISO_DAY.exec(text) : null;
  if (!match) return null;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(time) ? null : time / 86_400_000;
}

function DayCell({
  day,
  inMonth,
  today,
  items,
  prefs,
  onOpen,
  onShowDay,
}: {
  day: Day;
  inMonth: boolean;
  today: boolean;
  items: Placed[];
  prefs: FormatPrefs;
  onOpen: (entry: AgendaEntry) => void;
  onShowDay: (day: Day) => void;
}) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: `day:${day}` });
  const shownPrefs = dayPrefs(prefs);
  const more = items.length - PER_MONTH_CELL;
  return (
    <Box
      ref={setNodeRef}
      role="group"
      aria-label={formatFullDate(noonOf(day), shownPrefs)}
      data-testid={`day-${isoOf(day)}`}
      sx={{
        minHeight: { xs: 76, sm: 112 },
        minWidth: 0,
        p: 0.5,
        borderTop: 1,
        borderInlineStart: '1px solid',
        borderColor: 'divider',
        bgcolor: isOver ? 'action.hover' : inMonth ? 'background.paper' : 'background.default',
        display: 'flex',
        flexDirection: 'column',
        gap: 0.25,
      }}
    >
      <Typography
        component="span"
        aria-hidden="true"
        sx={{
          alignSelf: 'flex-start',
          fontSize: '0.8rem',
          fontWeight: today ? 700 : 400,
          color: today ? 'primary.contrastText' : inMonth ? 'text.primary' : 'text.secondary',
          bgcolor: today ? 'primary.main' : 'transparent',
          borderRadius: 4,
          px: 0.75,
        }}
      >
        {formatDate(noonOf(day), shownPrefs, { day: 'numeric' })}
      </Typography>
      {items.slice(0, PER_MONTH_CELL).map((item) => (
        <CalendarItem
          key={entryId(item.entry)}
          entry={item.entry}
          time={timeOf(item, prefs)}
          onOpen={onOpen}
          compact
        />
      ))}
      {more > 0 && (
        <Button size="small" onClick={() => onShowDay(day)} sx={{ minWidth: 0, p: 0, fontSize: '0.75rem' }}>
          {t('calendar.more', { n: formatNumber(more, prefs) })}
        </Button>
      )}
    </Box>
  );
}

function timeOf(item: Placed, prefs: FormatPrefs): string {
  return formatDate(instantOf(item.day, item.minutes, 'UTC'), dayPrefs(prefs), {
    hour: 'numeric',
    minute: '2-digit',
  });
}

function HourSlot({ day, hour, children }: { day: Day; hour: number; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: `slot:${day}:${hour}` });
  return (
    <Box
      ref={setNodeRef}
      data-testid={`slot-${isoOf(day)}-${hour}`}
      sx={{
        minHeight: HOUR_HEIGHT,
        minWidth: 0,
        borderTop: 1,
        borderInlineStart: '1px solid',
        borderColor: 'divider',
        bgcolor: isOver ? 'action.hover' : 'background.paper',
        p: 0.25,
        display: 'flex',
        flexDirection: 'column',
        gap: 0.25,
      }}
    >
      {children}
    </Box>
  );
}

/** The week or day view: a column per day and a row per hour; a task sits in the hour it is due. */
function TimeGrid({
  days,
  placed,
  today,
  prefs,
  onOpen,
}: {
  days: Day[];
  placed: Placed[];
  today: Day;
  prefs: FormatPrefs;
  onOpen: (entry: AgendaEntry) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const shownPrefs = dayPrefs(prefs);
  const phone = useMediaQuery(useTheme().breakpoints.down('sm'));
  // Seven columns on a phone leave room for a letter of the weekday and an item's icon and title.
  const weekday = days.length === 1 ? 'long' : phone ? 'narrow' : 'short';
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = FIRST_VISIBLE_HOUR * HOUR_HEIGHT;
  }, []);
  const columns = `3.2rem repeat(${days.length}, minmax(0, 1fr))`;
  return (
    <Box>
      <Box sx={{ display: 'grid', gridTemplateColumns: columns, borderBottom: 1, borderColor: 'divider' }}>
        <span />
        {days.map((day) => (
          <Box
            key={day}
            sx={{
              textAlign: 'center',
              py: 0.5,
              minWidth: 0,
              fontWeight: day === today ? 700 : 400,
              color: day === today ? 'primary.main' : 'text.primary',
            }}
          >
            <Typography component="div" variant="caption" sx={{ display: 'block' }}>
              {formatDate(noonOf(day), shownPrefs, { weekday })}
            </Typography>
            <Typography component="div" sx={{ fontWeight: 'inherit' }}>
              {formatDate(noonOf(day), shownPrefs, { day: 'numeric' })}
            </Typography>
          </Box>
        ))}
      </Box>
      <Box
        ref={scroller}
        role="region"
        aria-label={formatFullDate(noonOf(days[0] as Day), shownPrefs)}
        tabIndex={0}
        sx={{ maxHeight: { xs: 480, sm: 620 }, overflowY: 'auto' }}
      >
        {HOURS.map((hour) => (
          <Box key={hour} sx={{ display: 'grid', gridTemplateColumns: columns }}>
            <Typography
              variant="caption"
              color="text.secondary"
              sx={{ pt: 0.25, px: 0.5, borderTop: 1, borderColor: 'divider', textAlign: 'end' }}
            >
              {formatDate(instantOf(0, hour * 60, 'UTC'), shownPrefs, { hour: 'numeric' })}
            </Typography>
            {days.map((day) => (
              <HourSlot key={day} day={day} hour={hour}>
                {placed
                  .filter((item) => item.day === day && Math.floor(item.minutes / 60) === hour)
                  .map((item) => (
                    <CalendarItem
                      key={entryId(item.entry)}
                      entry={item.entry}
                      time={timeOf(item, prefs)}
                      onOpen={onOpen}
                      compact={days.length > 1}
                    />
                  ))}
              </HourSlot>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

/** The agenda (list) view: each day of the month that has something due, in order. */
function AgendaList({
  placed,
  prefs,
  onOpen,
}: {
  placed: Placed[];
  prefs: FormatPrefs;
  onOpen: (entry: AgendaEntry) => void;
}) {
  const { t } = useTranslation();
  const byDay = new Map<Day, Placed[]>();
  for (const item of placed) byDay.set(item.day, [...(byDay.get(item.day) ?? []), item]);
  if (byDay.size === 0)
    return (
      <Typography color="text.secondary" sx={{ p: 2 }}>
        {t('calendar.empty')}
      </Typography>
    );
  return (
    <Box component="ol" sx={{ listStyle: 'none', m: 0, p: { xs: 1, sm: 2 }, display: 'grid', gap: 2 }}>
      {[...byDay.entries()].map(([day, items]) => (
        <Box component="li" key={day}>
          <Typography variant="h3" component="h2" sx={{ mb: 0.5 }}>
            {formatFullDate(noonOf(day), dayPrefs(prefs))}
          </Typography>
          <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0, display: 'grid', gap: 0.5 }}>
            {items.map((item) => (
              <li key={entryId(item.entry)}>
                <CalendarItem entry={item.entry} time={timeOf(item, prefs)} onOpen={onOpen} wide />
              </li>
            ))}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

/** What the toolbar says the view shows: the month, the week's first and last day, or the day. */
function periodTitle(view: View, days: Day[], focus: Day, prefs: FormatPrefs): string {
  const shownPrefs = dayPrefs(prefs);
  if (view === 'day') return formatFullDate(noonOf(focus), shownPrefs);
  if (view === 'week') {
    const format = new Intl.DateTimeFormat(intlLocale(prefs), {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    return format.formatRange(noonOf(days[0] as Day), noonOf(days[days.length - 1] as Day));
  }
  return formatMonthYear(noonOf(focus), shownPrefs);
}

/**
 * Your tasks, calls and meetings by month, week or day, or as a list, laid out in your calendar (Jalali
 * weeks start on Saturday) and on your clock. Drag one to another day or hour to move it, or open it to
 * move it from the keyboard, edit it or tick it off. The view and day are in the address, so a reload
 * or a shared link shows the same.
 */
export default function CalendarPage() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'));
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const today = dayAndTime(new Date(), prefs.timeZone).day;
  const view = (VIEWS as readonly string[]).includes(params.get('view') ?? '')
    ? (params.get('view') as View)
    : 'month';
  const focus = parseIsoDay(params.get('date')) ?? today;
  const first = firstWeekday(prefs.calendar, intlLocale(prefs));
  const days = useMemo(
    () => daysShown(view, focus, prefs.calendar, first),
    [view, focus, prefs.calendar, first],
  );
  const from = instantOf(days[0] as Day, 0, prefs.timeZone);
  const to = instantOf((days[days.length - 1] as Day) + 1, 0, prefs.timeZone);
  const agenda = useAgenda(from, to);
  const change = useChangeTask();
  const [open, setOpen] = useState<Task | null>(null);
  const go = (next: { view?: View; day?: Day }) =>
    setParams({ view: next.view ?? view, date: isoOf(next.day ?? focus) });

  const placed = useMemo<Placed[]>(() => {
    const at = (entry: AgendaEntry, instant: string) => ({
      entry,
      ...dayAndTime(new Date(instant), prefs.timeZone),
    });
    const tasks = (agenda.data?.items ?? []).flatMap((task) =>
      task.dueAt ? [at({ type: 'task', task }, task.dueAt)] : [],
    );
    const touchpoints = (agenda.data?.interactions ?? []).map((touchpoint) =>
      at({ type: 'touchpoint', touchpoint }, touchpoint.occurredAt),
    );
    return [...tasks, ...touchpoints].sort((a, b) => a.day - b.day || a.minutes - b.minutes);
  }, [agenda.data, prefs.timeZone]);
  const openEntry = (entry: AgendaEntry) => {
    if (entry.type === 'task') setOpen(entry.task);
    else navigate(customerPageOf(entry.touchpoint) ?? '/customers');
  };

  // A small movement first, so a click opens the task rather than starting a drag.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const item = placed.find((p) => entryId(p.entry) === active.id);
    const target = typeof over?.id === 'string' ? over.id.split(':') : [];
    if (item?.entry.type !== 'task' || target.length < 2) return;
    const day = Number(target[1]);
    // On a day the time stays; on an hour the minutes past the hour stay.
    const minutes = target[0] === 'slot' ? Number(target[2]) * 60 + (item.minutes % 60) : item.minutes;
    if (day === item.day && minutes === item.minutes) return;
    change.mutate({
      task: item.entry.task,
      change: { dueAt: instantOf(day, minutes, prefs.timeZone).toISOString() },
    });
  };

  const month = monthOf(focus, prefs.calendar);
  const back = theme.direction === 'rtl' ? <ChevronRight /> : <ChevronLeft />;
  const forward = theme.direction === 'rtl' ? <ChevronLeft /> : <ChevronRight />;
  const shownPrefs = dayPrefs(prefs);
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <Typography variant="h1" sx={{ flex: 1 }}>
          {t('calendar.title')}
        </Typography>
        <Button component={RouterLink} to="/tasks">
          {t('tasks.title')}
        </Button>
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        <IconButton
          aria-label={t(`calendar.previous.${view}`)}
          onClick={() => go({ day: step(view, focus, -1, prefs.calendar) })}
        >
          {back}
        </IconButton>
        <Button variant="outlined" size="small" onClick={() => go({ day: today })}>
          {t('calendar.today')}
        </Button>
        <IconButton
          aria-label={t(`calendar.next.${view}`)}
          onClick={() => go({ day: step(view, focus, 1, prefs.calendar) })}
        >
          {forward}
        </IconButton>
        <Typography
          variant="h2"
          component="p"
          aria-live="polite"
          data-testid="period"
          sx={{ flex: 1, minWidth: 160 }}
        >
          {periodTitle(view, days, focus, prefs)}
        </Typography>
        <ToggleButtonGroup
          exclusive
          size="small"
          color="primary"
          value={view}
          onChange={(_event, next: View | null) => {
            if (next) go({ view: next });
          }}
          aria-label={t('calendar.view')}
          sx={{ '& .MuiToggleButton-root:not(.Mui-selected)': { color: 'text.primary' } }}
        >
          {VIEWS.map((option) => (
            <ToggleButton key={option} value={option}>
              {t(`calendar.views.${option}`)}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </Box>
      <FormAlert message={taskSaveMessage(change.error, t)} />
      {agenda.isError ? (
        <ErrorState onRetry={() => void agenda.refetch()} />
      ) : (
        <Paper variant="outlined" sx={{ overflow: 'hidden' }}>
          <Box sx={{ height: 4 }}>{(agenda.isFetching || change.isPending) && <LinearProgress />}</Box>
          <DndContext sensors={sensors} onDragEnd={onDragEnd}>
            {view === 'month' && (
              <Box data-testid="month">
                <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))' }}>
                  {days.slice(0, 7).map((day) => (
                    <Typography
                      key={day}
                      variant="caption"
                      color="text.secondary"
                      sx={{ textAlign: 'center', py: 0.5 }}
                    >
                      {formatDate(noonOf(day), shownPrefs, { weekday: phone ? 'narrow' : 'short' })}
                    </Typography>
                  ))}
                </Box>
                <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))' }}>
                  {days.map((day) => (
                    <DayCell
                      key={day}
                      day={day}
                      inMonth={monthOf(day, prefs.calendar).month === month.month}
                      today={day === today}
                      items={placed.filter((item) => item.day === day)}
                      prefs={prefs}
                      onOpen={openEntry}
                      onShowDay={(target) => go({ view: 'day', day: target })}
                    />
                  ))}
                </Box>
              </Box>
            )}
            {(view === 'week' || view === 'day') && (
              <TimeGrid days={days} placed={placed} today={today} prefs={prefs} onOpen={openEntry} />
            )}
            {view === 'agenda' && <AgendaList placed={placed} prefs={prefs} onOpen={openEntry} />}
          </DndContext>
        </Paper>
      )}
      {open && <TaskDialog key={open.id} task={open} onClose={() => setOpen(null)} />}
    </Box>
  );
}
