-- Tasks can be exported too (the tasks list's filter, sort and scope, written by the same job).
ALTER TABLE exports DROP CONSTRAINT exports_entity_check;
ALTER TABLE exports ADD CONSTRAINT exports_entity_check CHECK (entity IN ('account', 'contact', 'lead', 'task'));
