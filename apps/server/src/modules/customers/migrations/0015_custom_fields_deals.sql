-- Custom fields can be defined for deals too (their values live in deals.custom, sales migration 0130).
ALTER TABLE custom_fields DROP CONSTRAINT custom_fields_entity_check;
ALTER TABLE custom_fields ADD CONSTRAINT custom_fields_entity_check
  CHECK (entity IN ('account', 'contact', 'lead', 'deal'));
