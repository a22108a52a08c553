-- Saved views (نماهای ذخیره‌شده) of the customer lists: a name, the list (contact/account/lead), its
-- filter, sort, search and visible columns, owned by one member and private to them, or shared with
-- one team or with the whole organisation. The filter and sort are checked against the list's
-- catalogue by the service when written; a view whose custom field was deleted later is refused by
-- the list when applied (422 naming the field), never silently changed.

CREATE TABLE saved_views (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  owner_id uuid NOT NULL,
  entity text NOT NULL CHECK (entity IN ('contact', 'account', 'lead')),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  filter jsonb,
  sort text,
  q text,
  columns text[] NOT NULL DEFAULT '{}',
  visibility text NOT NULL CHECK (visibility IN ('private', 'team', 'organization')),
  team_id uuid,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, owner_id, entity, name),
  CHECK ((visibility = 'team') = (team_id IS NOT NULL)),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES memberships (tenant_id, user_id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id) ON DELETE SET NULL (team_id)
);
CREATE INDEX saved_views_entity ON saved_views (tenant_id, entity, name);

-- A view shared with a team that is deleted goes back to being private to its owner: never wider.
-- (The foreign key's SET NULL is an UPDATE of the row, which this trigger sees before the CHECK.)
CREATE FUNCTION saved_views_team_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.visibility = 'team' AND NEW.team_id IS NULL THEN
    NEW.visibility := 'private';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER saved_views_team_gone BEFORE UPDATE ON saved_views
  FOR EACH ROW EXECUTE FUNCTION saved_views_team_gone();

ALTER TABLE saved_views ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saved_views USING (tenant_id = peyvand_tenant()) WITH CHECK (tenant_id = peyvand_tenant());
