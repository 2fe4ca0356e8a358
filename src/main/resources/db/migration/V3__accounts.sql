-- Xiangtu's work tables: users (argon2id hashes, never passwords) and the audit log of sign-ins,
-- imports, exports and edits. Not catalogue layers: the OGC API never serves them.
CREATE TABLE xiangtu_users (
    name text COLLATE "C" PRIMARY KEY,
    role text NOT NULL CHECK (role IN ('leader', 'planner', 'admin')),
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE xiangtu_audit (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL,
    actor text,
    address text,
    action text NOT NULL,
    target text,
    outcome text NOT NULL,
    detail text
);
CREATE INDEX xiangtu_audit_at_idx ON xiangtu_audit (at);
CREATE INDEX xiangtu_audit_actor_idx ON xiangtu_audit (actor);
