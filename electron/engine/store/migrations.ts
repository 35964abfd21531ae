/**
 * Numbered schema migrations. Append only: a released migration is never edited, a change is a new entry.
 * Each runs in its own transaction together with its row in schema_migrations.
 *
 * Events are stored compactly: every text column is an id into `strings` (interned), so a row is a handful of
 * integers and grouping for top-N runs on integers. Per-minute and per-hour rollups answer dashboard queries
 * without scanning events; raw events are only read at the ragged edges of a range and for drill-down.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE strings (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE);
INSERT INTO strings (id, value) VALUES (0, '');

CREATE TABLE runs (id INTEGER PRIMARY KEY, started_at INTEGER NOT NULL, pid INTEGER NOT NULL);

CREATE TABLE watches (
  id INTEGER PRIMARY KEY, spec TEXT NOT NULL UNIQUE, format TEXT, created_at INTEGER NOT NULL, removed INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  watch_id INTEGER NOT NULL REFERENCES watches(id),
  path TEXT NOT NULL UNIQUE,
  format TEXT,
  current_file_id INTEGER,
  state TEXT NOT NULL DEFAULT 'starting',
  last_error TEXT,
  lines INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  parse_errors INTEGER NOT NULL DEFAULT 0,
  ignored INTEGER NOT NULL DEFAULT 0,
  rotations INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);

-- One row per file generation: a rotation or truncation starts a new one. Identity = dev + inode + a hash of
-- the first fp_len bytes (fp_len grows to 1 KiB as the file does), so a restart after rotation finds each
-- file again by content, whatever it is called now. offset/line are the committed resume point.
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  dev INTEGER NOT NULL,
  ino INTEGER NOT NULL,
  fp_len INTEGER NOT NULL,
  fp_hash TEXT NOT NULL,
  offset INTEGER NOT NULL DEFAULT 0,
  line INTEGER NOT NULL DEFAULT 0,
  finished INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX files_identity ON files (dev, ino);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  client INTEGER NOT NULL,
  method INTEGER NOT NULL,
  path INTEGER NOT NULL,
  template INTEGER NOT NULL,
  status INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  latency INTEGER NOT NULL,
  ua INTEGER NOT NULL,
  api INTEGER NOT NULL,
  app INTEGER NOT NULL,
  user INTEGER NOT NULL,
  file_id INTEGER NOT NULL,
  line INTEGER NOT NULL,
  offset INTEGER NOT NULL
);
CREATE INDEX events_time ON events (time);
-- Per-client lookups go through 10-minute buckets: an index on (client, time) takes its inserts all over the
-- B-tree (clients are random) and made every commit dirty thousands of pages; keyed by bucket first, a
-- batch's inserts land in one small region. Queries seek (bucket, client) for each bucket of their range.
CREATE INDEX events_bucket_client ON events (time / 600000, client);
CREATE INDEX events_file_offset ON events (file_id, offset);

CREATE TABLE rollup_minute (
  minute INTEGER PRIMARY KEY,
  requests INTEGER NOT NULL, s2xx INTEGER NOT NULL, s3xx INTEGER NOT NULL, s4xx INTEGER NOT NULL,
  s5xx INTEGER NOT NULL, other INTEGER NOT NULL, bytes INTEGER NOT NULL,
  latency_sum INTEGER NOT NULL, latency_n INTEGER NOT NULL
) WITHOUT ROWID;

-- dim: 0 client, 1 endpoint (template), 2 status, 3 user agent, 4 api, 5 application.
CREATE TABLE rollup_hour_dim (
  hour INTEGER NOT NULL, dim INTEGER NOT NULL, value INTEGER NOT NULL,
  requests INTEGER NOT NULL, errors INTEGER NOT NULL,
  PRIMARY KEY (dim, hour, value)
) WITHOUT ROWID;

CREATE TABLE parse_errors (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL,
  file_id INTEGER NOT NULL,
  line INTEGER NOT NULL,
  offset INTEGER NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  sample TEXT NOT NULL
);
CREATE INDEX parse_errors_source ON parse_errors (source_id, id);

CREATE TABLE alerts (
  uid INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  alert_id TEXT NOT NULL,
  key TEXT NOT NULL,
  key_kind TEXT NOT NULL,
  rule TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  severity_rank INTEGER NOT NULL,
  risk INTEGER NOT NULL,
  action TEXT NOT NULL,
  count INTEGER NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  reason TEXT NOT NULL,
  evidence TEXT NOT NULL,
  model_score REAL NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  active INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL,
  UNIQUE (run_id, alert_id)
);
CREATE INDEX alerts_last_seen ON alerts (last_seen);
CREATE INDEX alerts_first_seen ON alerts (first_seen);
CREATE INDEX alerts_key ON alerts (key);
CREATE INDEX alerts_status ON alerts (status, last_seen);

CREATE TABLE alert_status_history (
  id INTEGER PRIMARY KEY,
  alert_uid INTEGER NOT NULL REFERENCES alerts(uid) ON DELETE CASCADE,
  at INTEGER NOT NULL, who TEXT NOT NULL, from_status TEXT NOT NULL, to_status TEXT NOT NULL, reason TEXT NOT NULL
);
CREATE INDEX alert_status_history_alert ON alert_status_history (alert_uid, id);

CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  alert_uid INTEGER NOT NULL REFERENCES alerts(uid) ON DELETE CASCADE,
  at INTEGER NOT NULL, who TEXT NOT NULL, text TEXT NOT NULL
);
CREATE INDEX notes_alert ON notes (alert_uid, id);

CREATE TABLE rule_config (
  rule TEXT PRIMARY KEY, enabled INTEGER NOT NULL, params TEXT NOT NULL, updated_at INTEGER NOT NULL
);

CREATE TABLE allowlist (
  id INTEGER PRIMARY KEY,
  value TEXT NOT NULL,
  scope TEXT NOT NULL,
  reason TEXT NOT NULL,
  expires_at INTEGER,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX allowlist_value ON allowlist (value);

CREATE TABLE model_versions (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  metrics TEXT NOT NULL DEFAULT '{}',
  active INTEGER NOT NULL DEFAULT 0,
  UNIQUE (name, version)
);
`,
  },
  {
    version: 2,
    name: 'daily dimension rollups and hourly unique-client sketches',
    sql: `
-- Top-N over days of data reads one row per (day, value) instead of 24: at 1M events a day with 20k
-- clients, "top clients this week" is 140k rows instead of 3.4M.
CREATE TABLE rollup_day_dim (
  day INTEGER NOT NULL, dim INTEGER NOT NULL, value INTEGER NOT NULL,
  requests INTEGER NOT NULL, errors INTEGER NOT NULL,
  PRIMARY KEY (dim, day, value)
) WITHOUT ROWID;

-- HyperLogLog registers (4096 bytes) of the clients seen in each hour: unique clients over long ranges
-- without a DISTINCT over every (hour, client) rollup row.
CREATE TABLE rollup_hour_hll (hour INTEGER PRIMARY KEY, regs BLOB NOT NULL);
`,
  },
  {
    version: 3,
    name: 'model versions with their file, source and metrics; alerts keep the features that drove the model',
    sql: `
-- One row per trained model: the model file itself (JSON, as core/model/model-file.ts writes it), where its
-- training data came from, and its metrics. version = id; exactly one row is active at a time (or none).
ALTER TABLE model_versions ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE model_versions ADD COLUMN model TEXT NOT NULL DEFAULT '';
ALTER TABLE model_versions ADD COLUMN training_set TEXT NOT NULL DEFAULT 'null';
ALTER TABLE model_versions ADD COLUMN threshold REAL NOT NULL DEFAULT 0.5;
ALTER TABLE model_versions ADD COLUMN activated_at INTEGER;

-- The features that pushed the model's probability up for this alert: [{feature, value, contribution}].
ALTER TABLE alerts ADD COLUMN model_features TEXT NOT NULL DEFAULT '[]';
`,
  },
  {
    version: 4,
    name: 'target alerts keep the client IPs they name',
    sql: `
-- Distributed credential stuffing is keyed on its target; these are the attacking IPs it names (JSON array,
-- at most 1,000): what the analyst blocks. '[]' for every other alert.
ALTER TABLE alerts ADD COLUMN clients TEXT NOT NULL DEFAULT '[]';
`,
  },
  {
    version: 5,
    name: 'events keep their query string, kind and gateway error code',
    sql: `
-- What detection reads beyond the columns above, so that replaying stored events (the detector's warm-up
-- after a restart, training a model from the store) sees what reading the log saw: injections in query
-- strings, WSO2 auth-failure events, gateway error codes. The query is inline text, not a strings id: nearly
-- every query is distinct. kind: 0 request, 1 auth failure (event-rows.ts KIND_*). Rows stored before this
-- migration read as requests with no query and no error code.
ALTER TABLE events ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN error_code INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN query TEXT NOT NULL DEFAULT '';
`,
  },
  {
    version: 6,
    name: 'engine settings chosen in the app (storage limits)',
    sql: `
-- Settings the analyst changes from the app and the engine keeps across restarts, as JSON values by key.
-- 'retention': {keepDays, maxDbMb} (null: no limit). Command-line flags win over them for that run.
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
`,
  },
  {
    version: 7,
    name: 'the time index carries the path, so a path filter is checked without reading rows',
    sql: `
-- "Every request to /wp-login.php this month": the Events page walks the time index newest first and, for a
-- rare path, reads the row of every event in the range to compare its path (230 ms at 1M events). With the
-- path in the index entry the comparison is made on the entry and only matching rows are read. The index is
-- still filled in time order, so inserts cost what they did (a separate (bucket, path) index answered in 1 ms
-- but doubled the append-to-alert latency at 50k lines/s).
DROP INDEX events_time;
CREATE INDEX events_time_path ON events (time, path);
`,
  },
  {
    version: 8,
    name: 'events keep their host (virtual host, Host header, or the host of an absolute URL)',
    sql: `
-- Which site or API an event was for, where the format says (nginx and Apache vhosts, HAProxy, load balancers,
-- IIS cs-host, JSON gateways): an id into strings, 0 ('') when the format has none and for older rows.
ALTER TABLE events ADD COLUMN host INTEGER NOT NULL DEFAULT 0;
`,
  },
  {
    version: 9,
    name: 'hosts are a top-N dimension (rollups of dim 6)',
    sql: `
-- "Which of my sites is under attack": hosts are counted in the hourly and daily dimension rollups like
-- clients and endpoints (dim 6, rollups.ts DIM.host). Events already stored get theirs here; rollups of hours
-- whose events retention has already deleted have no hosts.
INSERT INTO rollup_hour_dim (hour, dim, value, requests, errors)
  SELECT time - time % 3600000, 6, host, COUNT(*), SUM(status >= 400) FROM events WHERE host <> 0 GROUP BY 1, 3;
INSERT INTO rollup_day_dim (day, dim, value, requests, errors)
  SELECT time - time % 86400000, 6, host, COUNT(*), SUM(status >= 400) FROM events WHERE host <> 0 GROUP BY 1, 3;
`,
  },
];
