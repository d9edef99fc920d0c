-- 011-mcp: MCP servers the operator registered, and the tools the runtime saw them offer.
-- Released migrations are never edited: add a new numbered file instead.

-- One row per server. `transport` is `stdio` or `http`; `spec` is its canonical JSON (argv, env,
-- cwd, binds and the unsandboxed choice for stdio; the URL for http).
CREATE TABLE mcp_servers (
  id TEXT PRIMARY KEY NOT NULL,
  transport TEXT NOT NULL CHECK (transport IN ('stdio', 'http')),
  spec TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- The tools last seen on each server: the input schema and its sha256 (canonical JSON), which
-- the resource of a call names, so a grant or approval pins it. Replaced whole when a listing
-- differs; removed with the server.
CREATE TABLE mcp_tools (
  server_id TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  input_schema TEXT NOT NULL,
  schema_sha256 TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (server_id, name)
) WITHOUT ROWID;
