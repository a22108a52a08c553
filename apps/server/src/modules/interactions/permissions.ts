import { registerPermissionModule } from '../../platform/permissions/rights.js';

/**
 * Registered at import (modules/index.ts → routes.ts → here), before any organisation is created:
 * built-in roles store the rights of the modules registered when the organisation is made.
 *
 * - interactions: every touchpoint (تعامل); scope by the interaction's owner.
 * - notes: notes on customer records; scope by the note's owner (its author unless reassigned).
 * - tasks: tasks, calls and meetings (وظایف); scope by the assignee; also the agenda and its feed.
 * - notifications: personal — each person reads and marks only their own.
 */
export const INTERACTIONS_MODULE = 'interactions';
export const NOTES_MODULE = 'notes';
export const TASKS_MODULE = 'tasks';
export const NOTIFICATIONS_MODULE = 'notifications';

registerPermissionModule({ key: INTERACTIONS_MODULE, kind: 'business' });
registerPermissionModule({ key: NOTES_MODULE, kind: 'business' });
registerPermissionModule({ key: TASKS_MODULE, kind: 'business' });
registerPermissionModule({ key: NOTIFICATIONS_MODULE, kind: 'personal' });
