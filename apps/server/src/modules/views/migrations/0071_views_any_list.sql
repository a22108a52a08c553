-- Saved views belong to any list a module registers (platform/http/list-registry.ts): tasks now, deals and
-- products later. The service checks the entity against that registry on every write, so the table no
-- longer names the lists itself (each new list would otherwise need a migration here).
ALTER TABLE saved_views DROP CONSTRAINT saved_views_entity_check;
ALTER TABLE saved_views ADD CONSTRAINT saved_views_entity_name CHECK (entity ~ '^[a-z][a-z_]{0,39}$');
