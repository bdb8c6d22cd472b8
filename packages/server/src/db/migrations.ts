/**
 * The schema, as an ordered list of migrations. Never edit a shipped migration: add a new one.
 * Times are milliseconds since the epoch (bigint); every row that belongs to a company carries
 * `company_id`, and every query filters by it.
 */
export const MIGRATIONS: readonly { readonly id: number; readonly name: string; readonly sql: string }[] = [
  {
    id: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE server_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE companies (
  id text PRIMARY KEY,
  name text NOT NULL,
  sign_key text NOT NULL,
  meta_key text NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}',
  record_counter bigint NOT NULL DEFAULT 0,
  created_at bigint NOT NULL
);

CREATE TABLE agents (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'agent')),
  capacity int NOT NULL DEFAULT 5 CHECK (capacity >= 0),
  phone text,
  avatar text,
  info text,
  disabled boolean NOT NULL DEFAULT false,
  -- Sessions issued before this (seconds since the epoch) are refused: set when the password changes.
  sessions_valid_after bigint NOT NULL DEFAULT 0,
  created_at bigint NOT NULL
);
CREATE INDEX agents_company ON agents (company_id);

CREATE TABLE groups (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at bigint NOT NULL
);

CREATE TABLE agent_groups (
  agent_id text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  group_id text NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  company_id text NOT NULL,
  PRIMARY KEY (agent_id, group_id)
);

CREATE TABLE faqs (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  question text NOT NULL,
  answer text NOT NULL,
  keywords text NOT NULL DEFAULT '',
  created_at bigint NOT NULL
);
CREATE INDEX faqs_company ON faqs (company_id);

CREATE TABLE visitors (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  partnerid text,
  verified_by text,
  crm jsonb NOT NULL DEFAULT '{}',
  params jsonb NOT NULL DEFAULT '{}',
  customer_fields jsonb NOT NULL DEFAULT '{}',
  is_vip boolean NOT NULL DEFAULT false,
  vip_level text,
  user_label text,
  my_data text,
  meta_data text,
  entry jsonb NOT NULL DEFAULT '{}',
  track_info jsonb,
  last_seq int NOT NULL DEFAULT 0,
  read_seq int NOT NULL DEFAULT 0,
  first_seen_at bigint NOT NULL,
  last_seen_at bigint NOT NULL
);
CREATE INDEX visitors_company ON visitors (company_id, last_seen_at DESC);
CREATE INDEX visitors_member ON visitors (company_id, partnerid) WHERE partnerid IS NOT NULL;

CREATE TABLE conversations (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  visitor_id text NOT NULL REFERENCES visitors (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('waiting', 'bot', 'chatting', 'ended')),
  agent_id text REFERENCES agents (id) ON DELETE SET NULL,
  group_id text REFERENCES groups (id) ON DELETE SET NULL,
  -- While queued: the one agent this visitor waits for (designated agent without overflow), if any.
  queue_agent_id text REFERENCES agents (id) ON DELETE SET NULL,
  routing jsonb NOT NULL DEFAULT '{}',
  vip boolean NOT NULL DEFAULT false,
  end_reason int,
  needs_evaluation boolean NOT NULL DEFAULT false,
  evaluation jsonb,
  chat_sign int NOT NULL DEFAULT 0 CHECK (chat_sign IN (0, 1)),
  queued_at bigint,
  started_at bigint,
  ended_at bigint,
  last_visitor_activity_at bigint NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX conversations_visitor ON conversations (visitor_id, created_at DESC);
CREATE INDEX conversations_open ON conversations (company_id, status) WHERE status <> 'ended';
CREATE INDEX conversations_agent ON conversations (company_id, agent_id, ended_at DESC);

CREATE TABLE messages (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  visitor_id text NOT NULL REFERENCES visitors (id) ON DELETE CASCADE,
  conversation_id text REFERENCES conversations (id) ON DELETE SET NULL,
  seq int NOT NULL,
  client_id text,
  sender text NOT NULL CHECK (sender IN ('visitor', 'agent', 'bot', 'system')),
  sender_id text,
  sender_name text,
  sender_avatar text,
  visibility text NOT NULL DEFAULT 'both' CHECK (visibility IN ('both', 'agent')),
  customize_msg_type int,
  body jsonb NOT NULL,
  actions jsonb,
  created_at bigint NOT NULL,
  UNIQUE (visitor_id, seq)
);
-- A client id is unique per sender: each agent and the visitor number their own messages.
CREATE UNIQUE INDEX messages_client ON messages (visitor_id, sender, sender_id, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX messages_conversation ON messages (conversation_id, seq);

CREATE TABLE processed_actions (
  company_id text NOT NULL,
  actor text NOT NULL,
  client_id text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (actor, client_id)
);

CREATE TABLE leave_messages (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  visitor_id text NOT NULL REFERENCES visitors (id) ON DELETE CASCADE,
  content text NOT NULL,
  name text,
  tel text,
  email text,
  template_id text,
  created_at bigint NOT NULL
);
CREATE INDEX leave_messages_company ON leave_messages (company_id, created_at DESC);

CREATE TABLE traces (
  id bigserial PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  visitor_id text NOT NULL REFERENCES visitors (id) ON DELETE CASCADE,
  args jsonb NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX traces_visitor ON traces (visitor_id, created_at DESC);

CREATE TABLE files (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  owner_kind text NOT NULL CHECK (owner_kind IN ('visitor', 'agent')),
  owner_id text NOT NULL,
  name text NOT NULL,
  mime_type text NOT NULL,
  size bigint NOT NULL,
  created_at bigint NOT NULL
);
`,
  },
  {
    id: 2,
    name: 'agent workbench: business plugins, their nonces, quick replies',
    sql: `
CREATE TABLE plugins (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  name text NOT NULL,
  url text NOT NULL,
  -- The one origin the plugin's pages may run on: scheme://host[:port].
  allowed_origin text NOT NULL,
  -- HMAC key (as UTF-8) of config signatures and context proofs; the business's server holds it too.
  secret text NOT NULL,
  visitor_params boolean NOT NULL DEFAULT false,
  -- [{pageId, title, url}]; a pageId is unique within the company (cards refer to it: apiUrl(pageId, ...)).
  pages jsonb NOT NULL DEFAULT '[]',
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX plugins_company ON plugins (company_id, created_at);

-- Nonces of accepted config signatures, kept until the signature's time window ends.
CREATE TABLE plugin_nonces (
  plugin_id text NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
  nonce text NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (plugin_id, nonce)
);

CREATE TABLE quick_replies (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  title text NOT NULL,
  text text NOT NULL,
  position int NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX quick_replies_company ON quick_replies (company_id, position);
`,
  },
  {
    id: 3,
    name: 'leave messages: group, source and the 工单插件 params fields',
    sql: `
-- A group of the company, or null (none named, or the one named did not exist).
ALTER TABLE leave_messages ADD COLUMN group_id text;
-- Sobot source, normalized to a string ('9' for the standalone leave-message page).
ALTER TABLE leave_messages ADD COLUMN source text;
-- Sobot params: {card_title, card_url, card_desc, card_note, card_picture, <custom field>: string}.
ALTER TABLE leave_messages ADD COLUMN fields jsonb;
`,
  },
]
