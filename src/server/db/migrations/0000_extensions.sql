-- ltree holds org paths (DESIGN §4.1); pg_trgm is left for the scale work.
CREATE EXTENSION IF NOT EXISTS ltree;
