-- Tasks and activities (وظایف و فعالیت‌ها, I-08): calls, meetings and to-dos with a due time, a
-- reminder and an assignee (who owns the task for permissions); in-app notifications that due
-- reminders become; and per-person secret calendar feeds (iCalendar).

CREATE TABLE tasks (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('call', 'meeting', 'todo')),
  title text NOT NULL CHECK (length(btrim(title)) > 0),
  description text NOT NULL DEFAULT '',
  due_at timestamptz,
  duration_minutes integer CHECK (duration_minutes BETWEEN 1 AND 10080),
  remind_at timestamptz,
  -- Set when the reminder sweep has queued this reminder (cleared when remind_at changes).
  reminder_queued_at timestamptz,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  done_at timestamptz,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  assignee_id uuid,
  created_by uuid,
  contact_id uuid,
  account_id uuid,
  lead_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  CHECK ((status = 'done') = (done_at IS NOT NULL)),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE SET NULL (contact_id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE SET NULL (account_id),
  FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id) ON DELETE SET NULL (lead_id),
  FOREIGN KEY (tenant_id, assignee_id) REFERENCES memberships (tenant_id, user_id) ON DELETE SET NULL (assignee_id)
);
CREATE INDEX tasks_assignee_due ON tasks (tenant_id, assignee_id, due_at) WHERE deleted_at IS NULL;
CREATE INDEX tasks_created ON tasks (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_contact ON tasks (tenant_id, contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX tasks_account ON tasks (tenant_id, account_id) WHERE account_id IS NOT NULL;
CREATE INDEX tasks_lead ON tasks (tenant_id, lead_id) WHERE lead_id IS NOT NULL;
-- The reminder sweep looks across organisations for reminders that are due and not yet queued.
CREATE INDEX tasks_reminder_due ON tasks (remind_at)
  WHERE reminder_queued_at IS NULL AND remind_at IS NOT NULL AND done_at IS NULL AND deleted_at IS NULL;

CREATE TABLE notifications (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  link text,
  -- What the notification is about, once: a job that runs twice inserts nothing the second time.
  dedupe_key text NOT NULL,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, user_id, dedupe_key),
  FOREIGN KEY (tenant_id, user_id) REFERENCES memberships (tenant_id, user_id) ON DELETE CASCADE
);
CREATE INDEX notifications_user ON notifications (tenant_id, user_id, created_at DESC, id DESC);

-- One secret feed URL per person and organisation; only the secret's SHA-256 is stored.
CREATE TABLE calendar_feeds (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  secret_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES memberships (tenant_id, user_id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['tasks', 'notifications', 'calendar_feeds']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant())', t);
  END LOOP;
END
$$;

-- Existing organisations: tasks is a business module, notifications a personal one.
UPDATE roles SET rights = rights || jsonb_build_object('tasks', CASE key
    WHEN 'owner' THEN '["read","create","update","delete","export","admin"]'::jsonb
    WHEN 'admin' THEN '["read","create","update","delete","export","admin"]'::jsonb
    WHEN 'manager' THEN '["read","create","update","delete","export"]'::jsonb
    WHEN 'agent' THEN '["read","create","update"]'::jsonb
    ELSE '["read"]'::jsonb END)
  WHERE builtin AND NOT rights ? 'tasks';
UPDATE roles SET rights = rights || jsonb_build_object('notifications', CASE key
    WHEN 'owner' THEN '["read","create","update","delete","export","admin"]'::jsonb
    WHEN 'admin' THEN '["read","create","update","delete","export","admin"]'::jsonb
    WHEN 'read_only' THEN '["read"]'::jsonb
    ELSE '["read","create"]'::jsonb END)
  WHERE builtin AND NOT rights ? 'notifications';
