-- Signed-in sessions, so that they outlive a restart and are shared by every server on this
-- database. Hashes only: the SHA-256 of the session token (the cookie) and of the CSRF token, never
-- the tokens themselves. Rows expire by account.Sessions' rules (idle 2 h, 12 h in all) and are swept.
CREATE TABLE xiangtu_sessions (
    token_hash text COLLATE "C" PRIMARY KEY,
    user_name text COLLATE "C" NOT NULL,
    role text NOT NULL CHECK (role IN ('leader', 'planner', 'admin')),
    csrf_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    last_seen timestamptz NOT NULL
);
CREATE INDEX xiangtu_sessions_user_idx ON xiangtu_sessions (user_name, last_seen);
CREATE INDEX xiangtu_sessions_seen_idx ON xiangtu_sessions (last_seen);
