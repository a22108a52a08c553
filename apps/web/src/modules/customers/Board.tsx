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
import { type ReactNode, useState } from 'react';
import { useFormatPrefs } from '../../app/prefs';
import { formatNumber } from '../../ui/format';

// The parts every board of cards in columns shares (leads by status, customers by phase): the drag
// area, a column that is a drop target, a card that is dragged by its text or moved from its menu.

/** A drag area: `onDrop(item, columnId)` when a card is let go over a column. */
export function BoardArea<T>({
  onDrop,
  testId,
  children,
}: {
  onDrop: (item: T, column: string) => void;
  testId: string;
  children: ReactNode;
}) {
  // A small movement first, so a click on a card's menu or link is not taken for a drag.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const item = active.data.current as T | undefined;
    if (item && over) onDrop(item, String(over.id));
  };
  return (
    <DndContext sensors={sensors} onDragEnd={onDragEnd}>
      <Box
        sx={{ display: 'flex', gap: 1.5, overflowX: 'auto', pb: 1, alignItems: 'stretch' }}
        data-testid={testId}
      >
        {children}
      </Box>
    </DndContext>
  );
}

/** One column: a heading with the count of its cards (all of them, not only those shown), then the cards. */
export function BoardColumn({
  id,
  title,
  count,
  droppable = true,
  children,
}: {
  id: string;
  title: string;
  count: number;
  droppable?: boolean;
  children: ReactNode;
}) {
  const prefs = useFormatPrefs();
  const { setNodeRef, isOver } = useDroppable({ id, disabled: !droppable });
  const heading = `board-column-${id}`;
  return (
    <Paper
      ref={setNodeRef}
      variant="outlined"
      component="section"
      aria-labelledby={heading}
      data-testid={`column-${id}`}
      sx={{
        p: 1,
        // Narrow enough for six columns (the phases and "no phase") side by side on a laptop screen.
        minWidth: 180,
        // A column is a drop target over its whole height, also when it is empty.
        minHeight: 280,
        flex: '1 0 180px',
        bgcolor: isOver ? 'action.hover' : 'background.default',
        display: 'flex',
        flexDirection: 'column',
        gap: 1,
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 0.5 }}>
        <Typography variant="h3" component="h2" id={heading} sx={{ flex: 1 }}>
          {title}
        </Typography>
        <Chip size="small" label={formatNumber(count, prefs)} />
      </Box>
      {children}
    </Paper>
  );
}

/** The list inside a column. */
export function BoardCards({ children }: { children: ReactNode }) {
  return (
    <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0, display: 'grid', gap: 1 }}>
      {children}
    </Box>
  );
}

export interface CardAction {
  key: string;
  label: string;
  onSelect: () => void;
}

/**
 * A card dragged by its text (pointer and touch); keyboard users open its menu button (named
 * `menuLabel`) and pick a move there. Without actions it neither drags nor has a menu.
 */
export function BoardCard<T extends { id: string }>({
  item,
  testId,
  menuLabel,
  actions,
  children,
}: {
  item: T;
  testId: string;
  menuLabel: string;
  actions: CardAction[];
  children: ReactNode;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const movable = actions.length > 0;
  const { listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: item.id,
    data: item,
    disabled: !movable,
  });
  return (
    <Card
      ref={setNodeRef}
      variant="outlined"
      component="li"
      data-testid={testId}
      sx={{
        transform: transform ? `translate(${transform.x}px, ${transform.y}px)` : undefined,
        opacity: isDragging ? 0.6 : 1,
        zIndex: isDragging ? 2 : undefined,
        position: 'relative',
        cursor: movable ? 'grab' : 'default',
        touchAction: 'none',
      }}
    >
      <CardContent sx={{ p: 1.5, pe: 5, '&:last-child': { pb: 1.5 } }} {...listeners}>
        {children}
      </CardContent>
      {movable && (
        <>
          <IconButton
            size="small"
            aria-label={menuLabel}
            aria-haspopup="menu"
            onClick={(event) => setAnchor(event.currentTarget)}
            sx={{ position: 'absolute', top: 4, insetInlineEnd: 4 }}
          >
            <MoreVert fontSize="small" />
          </IconButton>
          <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
            {actions.map((action) => (
              <MenuItem
                key={action.key}
                onClick={() => {
                  setAnchor(null);
                  action.onSelect();
                }}
              >
                {action.label}
              </MenuItem>
            ))}
          </Menu>
        </>
      )}
    </Card>
  );
}
