-- Undo 0003_synthetic_templates: the table goes with its trigger, policies and grants.
SET LOCAL ROLE auxeira_owner;

DROP TABLE auxeira.synthetic_templates;
