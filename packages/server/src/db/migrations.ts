/**
 * The schema, as an ordered list of migrations, each a list of statements (`migrate` runs them in one
 * transaction under an advisory lock). Never edit a shipped migration: add a new one.
 * Times are milliseconds since the epoch (bigint); every row that belongs to a company carries
 * `company_id`, and every query filters by it.
 */
export interface Migration {
  readonly id: number
  readonly name: string
  readonly statements: readonly string[]
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'initial schema',
    statements: [
      `CREATE TABLE server_settings (
        key text PRIMARY KEY,
        value text NOT NULL
      )`,
      `CREATE TABLE companies (
        id text PRIMARY KEY,
        name text NOT NULL,
        sign_key text NOT NULL,
        meta_key text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}',
        record_counter bigint NOT NULL DEFAULT 0,
        created_at bigint NOT NULL
      )`,
      `CREATE TABLE agents (
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
      )`,
      `CREATE INDEX agents_company ON agents (company_id)`,
      `CREATE TABLE groups (
        id text PRIMARY KEY,
        company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at bigint NOT NULL
      )`,
      `CREATE TABLE agent_groups (
        agent_id text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        group_id text NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        company_id text NOT NULL,
        PRIMARY KEY (agent_id, group_id)
      )`,
      `CREATE TABLE faqs (
        id text PRIMARY KEY,
        company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
        question text NOT NULL,
        answer text NOT NULL,
        keywords text NOT NULL DEFAULT '',
        created_at bigint NOT NULL
      )`,
      `CREATE INDEX faqs_company ON faqs (company_id)`,
      `CREATE TABLE visitors (
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
      )`,
      `CREATE INDEX visitors_company ON visitors (company_id, last_seen_at DESC)`,
      `CREATE INDEX visitors_member ON visitors (company_id, partnerid) WHERE partnerid IS NOT NULL`,
      `CREATE TABLE conversations (
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
      )`,
      `CREATE INDEX conversations_visitor ON conversations (visitor_id, created_at DESC)`,
      `CREATE INDEX conversations_open ON conversations (company_id, status) WHERE status <> 'ended'`,
      `CREATE INDEX conversations_agent ON conversations (company_id, agent_id, ended_at DESC)`,
      `CREATE TABLE messages (
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
      )`,
      `-- A client id is unique per sender: each agent and the visitor number their own messages.
      CREATE UNIQUE INDEX messages_client ON messages (visitor_id, sender, sender_id, client_id) WHERE client_id IS NOT NULL`,
      `CREATE INDEX messages_conversation ON messages (conversation_id, seq)`,
      `CREATE TABLE processed_actions (
        company_id text NOT NULL,
        actor text NOT NULL,
        client_id text NOT NULL,
        created_at bigint NOT NULL,
        PRIMARY KEY (actor, client_id)
      )`,
      `CREATE TABLE leave_messages (
        id text PRIMARY KEY,
        company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
        visitor_id text NOT NULL REFERENCES visitors (id) ON DELETE CASCADE,
        content text NOT NULL,
        name text,
        tel text,
        email text,
        template_id text,
        created_at bigint NOT NULL
      )`,
      `CREATE INDEX leave_messages_company ON leave_messages (company_id, created_at DESC)`,
      `CREATE TABLE traces (
        id bigserial PRIMARY KEY,
        company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
        visitor_id text NOT NULL REFERENCES visitors (id) ON DELETE CASCADE,
        args jsonb NOT NULL,
        created_at bigint NOT NULL
      )`,
      `CREATE INDEX traces_visitor ON traces (visitor_id, created_at DESC)`,
      `CREATE TABLE files (
        id text PRIMARY KEY,
        company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
        owner_kind text NOT NULL CHECK (owner_kind IN ('visitor', 'agent')),
        owner_id text NOT NULL,
        name text NOT NULL,
        mime_type text NOT NULL,
        size bigint NOT NULL,
        created_at bigint NOT NULL
      )`,
    ],
  },
  {
    id: 2,
    name: 'agent workbench: business plugins, their nonces, quick replies',
    statements: [
      `CREATE TABLE plugins (
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
      )`,
      `CREATE INDEX plugins_company ON plugins (company_id, created_at)`,
      `-- Nonces of accepted config signatures, kept until the signature's time window ends.
      CREATE TABLE plugin_nonces (
        plugin_id text NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
        nonce text NOT NULL,
        expires_at bigint NOT NULL,
        PRIMARY KEY (plugin_id, nonce)
      )`,
      `CREATE TABLE quick_replies (
        id text PRIMARY KEY,
        company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
        title text NOT NULL,
        text text NOT NULL,
        position int NOT NULL,
        created_at bigint NOT NULL
      )`,
      `CREATE INDEX quick_replies_company ON quick_replies (company_id, position)`,
    ],
  },
  {
    id: 3,
    name: 'leave messages: group, source and the 工单插件 params fields',
    statements: [
      `-- A group of the company, or null (none named, or the one named did not exist).
      ALTER TABLE leave_messages ADD COLUMN group_id text`,
      `-- Sobot source, normalized to a string ('9' for the standalone leave-message page).
      ALTER TABLE leave_messages ADD COLUMN source text`,
      `-- Sobot params: {card_title, card_url, card_desc, card_note, card_picture, <custom field>: string}.
      ALTER TABLE leave_messages ADD COLUMN fields jsonb`,
    ],
  },
  {
    id: 4,
    name: 'shared routing state: agent presence and last assignment, announced queue positions, one open chat per visitor',
    statements: [
      `-- What the agent chose (online, busy, offline); it counts only while the agent has a connection somewhere.
      ALTER TABLE agents ADD COLUMN presence text NOT NULL DEFAULT 'online' CHECK (presence IN ('online', 'busy', 'offline'))`,
      `-- When the agent was last given a chat: ties between equally loaded agents go to the one who waited longest.
      ALTER TABLE agents ADD COLUMN last_assigned_at bigint NOT NULL DEFAULT 0`,
      `-- While waiting: the position the visitor was last told, so only changed positions are announced again.
      ALTER TABLE conversations ADD COLUMN queue_position int`,
      `CREATE INDEX conversations_queue ON conversations (company_id, vip DESC, queued_at, id) WHERE status = 'waiting'`,
      `-- A visitor has at most one open conversation, whichever process tries to start a second.
      CREATE UNIQUE INDEX conversations_one_open ON conversations (visitor_id) WHERE status <> 'ended'`,
    ],
  },
  {
    id: 5,
    name: 'admin console: FAQ synonyms, quick-reply scopes, key rotation times',
    statements: [
      // Other ways visitors ask the same question (相似问法): a JSON array of strings, matched like the question.
      `ALTER TABLE faqs ADD COLUMN synonyms jsonb NOT NULL DEFAULT '[]'`,
      // Who a quick reply is for: the whole company, the agents of one group, or one agent (their own).
      `ALTER TABLE quick_replies ADD COLUMN scope text NOT NULL DEFAULT 'company' CHECK (scope IN ('company', 'group', 'agent'))`,
      `ALTER TABLE quick_replies ADD COLUMN group_id text REFERENCES groups (id) ON DELETE CASCADE`,
      `ALTER TABLE quick_replies ADD COLUMN agent_id text REFERENCES agents (id) ON DELETE CASCADE`,
      `ALTER TABLE quick_replies ADD CONSTRAINT quick_replies_owner CHECK (
  (scope = 'company' AND group_id IS NULL AND agent_id IS NULL)
  OR (scope = 'group' AND group_id IS NOT NULL AND agent_id IS NULL)
  OR (scope = 'agent' AND agent_id IS NOT NULL AND group_id IS NULL)
)`,
      `CREATE INDEX quick_replies_agent ON quick_replies (agent_id) WHERE agent_id IS NOT NULL`,
      // When each key was last issued: the console shows it (the keys themselves are shown only when issued).
      `ALTER TABLE companies ADD COLUMN sign_key_rotated_at bigint`,
      `ALTER TABLE companies ADD COLUMN meta_key_rotated_at bigint`,
      `UPDATE companies SET sign_key_rotated_at = created_at, meta_key_rotated_at = created_at`,
    ],
  },
  {
    id: 6,
    name: 'reports: the moments of a conversation, its figures, and the indexes reports read',
    statements: [
      // The moments of a conversation, written by its lifecycle as they happen (ms, as every other time):
      // when the bot began serving, when the visitor first waited for a human, when an agent first joined.
      `ALTER TABLE conversations ADD COLUMN bot_started_at bigint`,
      `ALTER TABLE conversations ADD COLUMN human_requested_at bigint`,
      `ALTER TABLE conversations ADD COLUMN served_at bigint`,
      // Set when the chat ends, from its messages (below).
      `ALTER TABLE conversations ADD COLUMN first_response_at bigint`,
      `ALTER TABLE conversations ADD COLUMN message_count int`,
      `ALTER TABLE conversations ADD COLUMN visitor_message_count int`,
      // In the statement that ends a chat, whichever path ends it (visitor, agent, timeout, admin, logout) and
      // whichever process runs it: the messages shown in the chat (not system notices, not internal notes), the
      // visitor's, and the first reply an agent typed (automatic greetings carry no client id).
      `CREATE FUNCTION conversation_end_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT count(*) FILTER (WHERE sender IN ('visitor', 'agent', 'bot') AND visibility = 'both'),
         count(*) FILTER (WHERE sender = 'visitor'),
         min(created_at) FILTER (WHERE sender = 'agent' AND client_id IS NOT NULL AND visibility = 'both')
    INTO NEW.message_count, NEW.visitor_message_count, NEW.first_response_at
    FROM messages WHERE conversation_id = NEW.id;
  RETURN NEW;
END
$$`,
      `CREATE TRIGGER conversations_end_figures BEFORE UPDATE OF status ON conversations
  FOR EACH ROW WHEN (NEW.status = 'ended' AND OLD.status <> 'ended') EXECUTE FUNCTION conversation_end_figures()`,
      // Chats that ended before this migration get the same figures; their moments are read from what was kept.
      `UPDATE conversations c SET message_count = s.messages, visitor_message_count = s.visitor_messages, first_response_at = s.first_response
  FROM (
    SELECT conversation_id,
           count(*) FILTER (WHERE sender IN ('visitor', 'agent', 'bot') AND visibility = 'both') AS messages,
           count(*) FILTER (WHERE sender = 'visitor') AS visitor_messages,
           min(created_at) FILTER (WHERE sender = 'agent' AND client_id IS NOT NULL AND visibility = 'both') AS first_response
    FROM messages WHERE conversation_id IS NOT NULL GROUP BY conversation_id
  ) s
  WHERE c.id = s.conversation_id AND c.status = 'ended'`,
      `UPDATE conversations SET message_count = 0, visitor_message_count = 0 WHERE status = 'ended' AND message_count IS NULL`,
      `UPDATE conversations SET served_at = started_at, human_requested_at = started_at WHERE agent_id IS NOT NULL`,
      // When an agent first answered or closed a leave message (the offline-message workflow sets it); null while open.
      `ALTER TABLE leave_messages ADD COLUMN handled_at bigint`,
      // Reports read one company's conversations created in a range, optionally of one group or agent.
      `CREATE INDEX conversations_created ON conversations (company_id, created_at)`,
      `CREATE INDEX conversations_group_created ON conversations (company_id, group_id, created_at)`,
      `CREATE INDEX conversations_agent_created ON conversations (company_id, agent_id, created_at)`,
    ],
  },
  {
    id: 7,
    name: 'agent e-mails unique per company, so creating an agent tells nothing of other companies',
    statements: [
      `ALTER TABLE agents DROP CONSTRAINT agents_email_key`,
      `CREATE UNIQUE INDEX agents_company_email ON agents (company_id, email)`,
      // Sign-in looks an e-mail up across companies.
      `CREATE INDEX agents_email ON agents (email)`,
    ],
  },
  {
    id: 8,
    name: "the visitor's unread count kept with its sequence numbers",
    statements: [
      // Kept by the statement that stores a message and by the one that moves read_seq, so neither a reply nor
      // a welcome counts messages (a visitor who never reads would make that count grow with every reply).
      `ALTER TABLE visitors ADD COLUMN unread_count int NOT NULL DEFAULT 0`,
      `UPDATE visitors v SET unread_count = (
  SELECT count(*) FROM messages m
  WHERE m.company_id = v.company_id AND m.visitor_id = v.id AND m.seq > v.read_seq
    AND m.sender <> 'visitor' AND m.visibility = 'both' AND m.body->>'type' <> 'notice'
)`,
    ],
  },
  {
    id: 9,
    name: 'visitors: a short number per company and the browser they came with, so agents can tell anonymous visitors apart',
    statements: [
      `ALTER TABLE visitors ADD COLUMN short_no int`,
      `ALTER TABLE visitors ADD COLUMN user_agent text`,
      // The last number given in each company; a new visitor takes the next one.
      `ALTER TABLE companies ADD COLUMN visitor_count int NOT NULL DEFAULT 0`,
      `UPDATE visitors v SET short_no = n.no
         FROM (SELECT id, row_number() OVER (PARTITION BY company_id ORDER BY first_seen_at, id) AS no FROM visitors) n
         WHERE v.id = n.id`,
      `UPDATE companies c SET visitor_count = COALESCE((SELECT max(short_no) FROM visitors v WHERE v.company_id = c.id), 0)`,
      `CREATE UNIQUE INDEX visitors_short_no ON visitors (company_id, short_no)`,
    ],
  },
  {
    id: 10,
    name: 'the routing a chat window opened with, kept for the first message; the agents\' read mark',
    statements: [
      `ALTER TABLE visitors ADD COLUMN pending_routing jsonb`,
      // The highest sequence number the serving agents have read: the visitor sees 已读 up to it.
      `ALTER TABLE visitors ADD COLUMN agent_read_seq int NOT NULL DEFAULT 0`,
    ],
  },
  {
    id: 11,
    name: 'history search: a company\'s conversations newest first, in the order its pages are cut',
    statements: [
      // History search lists a company's conversations newest first and pages by the keyset (created_at, id),
      // so the next page starts where the last one ended, without an OFFSET; a conversation's messages are
      // found through messages_conversation, and its visitor by primary key.
      `CREATE INDEX conversations_company_recent ON conversations (company_id, created_at DESC, id DESC)`,
    ],
  },
  {
    id: 12,
    name: 'leave messages as a workflow: status, assignee and replies that reach the visitor',
    statements: [
      // The values of @kefu/core's LeaveMessageStatus, so the API and the workbench read the column as stored.
      `ALTER TABLE leave_messages ADD COLUMN status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'done'))`,
      // An agent deleted later leaves the message unassigned rather than pointing at nobody.
      `ALTER TABLE leave_messages ADD COLUMN assignee_id text REFERENCES agents (id) ON DELETE SET NULL`,
      // handled_at exists since migration 6 (reports read it); this workflow is what sets it.
      `CREATE INDEX leave_messages_company_status ON leave_messages (company_id, status)`,
      // The agent's name is kept as it was when they replied: the reply stays readable after a rename or a deletion.
      `CREATE TABLE leave_message_replies (
        id text PRIMARY KEY,
        company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
        leave_message_id text NOT NULL REFERENCES leave_messages (id) ON DELETE CASCADE,
        agent_id text,
        agent_name text NOT NULL,
        text text NOT NULL,
        message_id text,
        created_at bigint NOT NULL
      )`,
      `CREATE INDEX leave_message_replies_message ON leave_message_replies (leave_message_id, created_at)`,
    ],
  },
  {
    id: 13,
    name: 'reports read a narrow table of each conversation\'s figures, kept by the database',
    statements: [
      // One row per conversation with only what reports count: the filters (company, day, group, agent), what
      // became of the chat, and its durations already worked out — so a report reads a few narrow rows and
      // never the conversation's wide row, its jsonb or its messages. Each fact is null (or false) where the
      // chat does not count for it: percentile_cont, avg and count skip nulls, so sections need no FILTER.
      `CREATE TABLE conversation_report_facts (
        conversation_id text PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
        created_at bigint NOT NULL,
        -- An agent first answered (ms after one joined); the first reply they typed, not a greeting.
        first_response bigint,
        -- Waited for a human before one joined (ms).
        wait bigint,
        -- Served and ended: how long the agent had it (ms).
        duration bigint,
        -- Ended: the messages shown in the chat.
        message_count int,
        -- The visitor's rating, 1–5.
        score smallint,
        served boolean NOT NULL,
        -- Waited for a human, ended before one joined, and not because the visitor left.
        missed boolean NOT NULL,
        -- Waited for a human and left (ended by the visitor, reason 1) before one joined.
        abandoned boolean NOT NULL,
        bot_chat boolean NOT NULL,
        -- Started with the bot and ended without the visitor asking for a human.
        bot_resolved boolean NOT NULL,
        company_id text NOT NULL,
        group_id text,
        agent_id text
      ) WITH (fillfactor = 70)`,
      // A report reads one company's chats created in a range, optionally of one group or agent. A chat's end and
      // rating change no indexed column, so those updates stay on its page (HOT, in the room fillfactor leaves)
      // and leave no dead index entries: that matters on PGlite, where nothing vacuums.
      `CREATE INDEX conversation_report_facts_created ON conversation_report_facts (company_id, created_at)`,
      `CREATE INDEX conversation_report_facts_group ON conversation_report_facts (company_id, group_id, created_at)`,
      `CREATE INDEX conversation_report_facts_agent ON conversation_report_facts (company_id, agent_id, created_at)`,
      // The facts of one conversation row: the one definition the trigger and the backfill share.
      `CREATE FUNCTION conversation_report_facts_of(c conversations) RETURNS conversation_report_facts LANGUAGE sql IMMUTABLE AS $$
SELECT c.id, c.created_at,
  CASE WHEN c.served_at IS NOT NULL AND c.first_response_at >= c.served_at THEN c.first_response_at - c.served_at END,
  c.served_at - c.human_requested_at,
  CASE WHEN c.status = 'ended' THEN c.ended_at - c.served_at END,
  CASE WHEN c.status = 'ended' THEN c.message_count END,
  -- A score that is not a whole number is not a rating (the API stores 1–5); it must not fail the write.
  CASE WHEN c.evaluation->>'score' ~ '^-?[0-9]{1,4}$' THEN (c.evaluation->>'score')::smallint END,
  c.served_at IS NOT NULL,
  c.status = 'ended' AND c.human_requested_at IS NOT NULL AND c.served_at IS NULL AND c.end_reason IS DISTINCT FROM 1,
  c.status = 'ended' AND c.human_requested_at IS NOT NULL AND c.served_at IS NULL AND c.end_reason IS NOT DISTINCT FROM 1,
  c.status = 'ended' AND c.bot_started_at IS NOT NULL,
  c.status = 'ended' AND c.bot_started_at IS NOT NULL AND c.human_requested_at IS NULL,
  c.company_id, c.group_id, c.agent_id
$$`,
      // After every write that changes what a report counts, whichever code (or person) writes it.
      `CREATE FUNCTION conversation_report_facts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO conversation_report_facts SELECT * FROM conversation_report_facts_of(NEW)
  ON CONFLICT (conversation_id) DO UPDATE SET
    (created_at, first_response, wait, duration, message_count, score, served, missed, abandoned, bot_chat, bot_resolved, company_id, group_id, agent_id) =
    (EXCLUDED.created_at, EXCLUDED.first_response, EXCLUDED.wait, EXCLUDED.duration, EXCLUDED.message_count, EXCLUDED.score, EXCLUDED.served,
     EXCLUDED.missed, EXCLUDED.abandoned, EXCLUDED.bot_chat, EXCLUDED.bot_resolved, EXCLUDED.company_id, EXCLUDED.group_id, EXCLUDED.agent_id);
  RETURN NULL;
END
$$`,
      `CREATE TRIGGER conversations_report_facts AFTER INSERT OR UPDATE OF
  company_id, created_at, status, group_id, agent_id, served_at, human_requested_at, bot_started_at, first_response_at, ended_at, end_reason, message_count, evaluation
  ON conversations FOR EACH ROW EXECUTE FUNCTION conversation_report_facts_keep()`,
      `INSERT INTO conversation_report_facts SELECT f.* FROM conversations c, LATERAL conversation_report_facts_of(c) f`,
    ],
  },
]
