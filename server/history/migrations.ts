/**
 * The history schema, as numbered migrations. Append new ones; never edit one
 * that has shipped (a database records each version it has run).
 *
 * Time columns are timestamptz: interval starts are instants, so a DST day's
 * repeated or skipped hour stays unambiguous. 15-minute site intervals are also
 * 15-minute UTC intervals, because every zone's offset is a whole number of
 * quarter hours (Kathmandu +05:45 included): SQL can bin with date_bin.
 *
 * interval_stats is a rollup table, kept by the writer: after each batch it
 * recomputes the touched intervals from call_history and agent_state_spans in
 * the same transaction. Its call counters are sums of call_history's `adds_*`
 * columns (migration 3), what each call adds as shared/call-counters.ts counts it. Reads for a day, a range or an 8-week heatmap are then
 * range scans of its primary key (site, queue_id, interval_start): a year of 50
 * queues is 1.8 million narrow rows, and a query touches at most a few thousand
 * of them, so no partitioning is needed. The key carries every column
 * (migration 2): rows are written interval by interval, all queues together, so
 * one queue's 8 weeks lie on 5,376 different heap pages; read from the index
 * alone they are a few dozen contiguous index pages.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'call history, agent state spans, ticket history, interval rollup',
    sql: `
      CREATE TABLE call_history (
        site text NOT NULL,
        queue_id text NOT NULL,
        call_id text NOT NULL,
        entered_at timestamptz NOT NULL,
        answered_at timestamptz,
        ended_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('answered', 'abandoned', 'timedOut')),
        -- answered: hold time; abandoned: the wait Asterisk reported; timed out: until leaving
        wait_sec double precision NOT NULL,
        talk_sec double precision NOT NULL,
        wrap_sec double precision NOT NULL,
        agent_id text,
        answered_within_sl boolean NOT NULL,
        short_abandon boolean NOT NULL,
        -- site day and interval of the entry: where the call counts
        day date NOT NULL,
        interval_start timestamptz NOT NULL,
        PRIMARY KEY (site, queue_id, call_id, entered_at)
      );
      CREATE INDEX call_history_by_interval ON call_history (site, interval_start);

      CREATE TABLE agent_state_spans (
        site text NOT NULL,
        agent_id text NOT NULL,
        state text NOT NULL,
        from_at timestamptz NOT NULL,
        to_at timestamptz NOT NULL CHECK (to_at > from_at),
        -- [{"queueId": "support", "paused": false}, ...]: memberships during the span
        queues jsonb NOT NULL,
        PRIMARY KEY (site, agent_id, from_at)
      );
      -- finds the spans overlapping recent intervals: those that ended after the interval began
      CREATE INDEX agent_state_spans_by_end ON agent_state_spans (site, to_at);

      CREATE TABLE ticket_history (
        site text NOT NULL,
        ticket_id text NOT NULL,
        source text NOT NULL,
        created_at timestamptz NOT NULL,
        status text NOT NULL,
        priority text NOT NULL,
        channel text NOT NULL,
        line text NOT NULL,
        assignee text,
        first_response_at timestamptz,
        solved_at timestamptz,
        reopen_count integer NOT NULL,
        -- customer SLA clocks: due time (null while paused with time left), and met once stopped
        first_response_due_at timestamptz,
        first_response_met boolean,
        resolution_due_at timestamptz,
        resolution_met boolean,
        -- the source's time of the last event applied: an older state never overwrites a newer one
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (site, ticket_id)
      );
      CREATE INDEX ticket_history_by_created ON ticket_history (site, created_at);
      CREATE INDEX ticket_history_by_solved ON ticket_history (site, solved_at) WHERE solved_at IS NOT NULL;
      CREATE INDEX ticket_history_by_first_response ON ticket_history (site, first_response_at)
        WHERE first_response_at IS NOT NULL;

      -- queue_id '' is the whole site: counters summed over queues, staffing by distinct agents
      CREATE TABLE interval_stats (
        site text NOT NULL,
        queue_id text NOT NULL,
        interval_start timestamptz NOT NULL,
        offered integer NOT NULL DEFAULT 0,
        answered integer NOT NULL DEFAULT 0,
        answered_within_sl integer NOT NULL DEFAULT 0,
        abandoned integer NOT NULL DEFAULT 0,
        short_abandoned integer NOT NULL DEFAULT 0,
        timed_out integer NOT NULL DEFAULT 0,
        handled integer NOT NULL DEFAULT 0,
        hold_sec double precision NOT NULL DEFAULT 0,
        talk_sec double precision NOT NULL DEFAULT 0,
        wrap_sec double precision NOT NULL DEFAULT 0,
        -- every caller's wait, for the patience estimate of Erlang A
        wait_sec double precision NOT NULL DEFAULT 0,
        -- agent-seconds logged in and not paused; of those, on a call or in wrap-up
        staffed_sec double precision NOT NULL DEFAULT 0,
        occupied_sec double precision NOT NULL DEFAULT 0,
        PRIMARY KEY (site, queue_id, interval_start)
      );
    `,
  },
  {
    version: 2,
    name: 'interval rollup: covering primary key for index-only range scans',
    sql: `
      ALTER TABLE interval_stats DROP CONSTRAINT interval_stats_pkey;
      ALTER TABLE interval_stats ADD PRIMARY KEY (site, queue_id, interval_start)
        INCLUDE (offered, answered, answered_within_sl, abandoned, short_abandoned, timed_out, handled,
          hold_sec, talk_sec, wrap_sec, wait_sec, staffed_sec, occupied_sec);
    `,
  },
  {
    version: 3,
    name: 'call history: what each call adds to every interval counter',
    // The rollup sums these instead of re-deriving the counters in SQL (shared/call-counters.ts is the one
    // definition; the writer fills them from countersOf). The backfill states that definition as of this
    // version, once, for rows written before; a later change of the definition needs a migration of its own.
    sql: `
      ALTER TABLE call_history
        ADD COLUMN adds_offered integer NOT NULL DEFAULT 0,
        ADD COLUMN adds_answered integer NOT NULL DEFAULT 0,
        ADD COLUMN adds_answered_within_sl integer NOT NULL DEFAULT 0,
        ADD COLUMN adds_abandoned integer NOT NULL DEFAULT 0,
        ADD COLUMN adds_short_abandoned integer NOT NULL DEFAULT 0,
        ADD COLUMN adds_timed_out integer NOT NULL DEFAULT 0,
        ADD COLUMN adds_handled integer NOT NULL DEFAULT 0,
        ADD COLUMN adds_hold_sec double precision NOT NULL DEFAULT 0,
        ADD COLUMN adds_talk_sec double precision NOT NULL DEFAULT 0,
        ADD COLUMN adds_wrap_sec double precision NOT NULL DEFAULT 0;
      UPDATE call_history SET
        adds_offered = 1,
        adds_answered = (outcome = 'answered')::int,
        adds_answered_within_sl = (outcome = 'answered' AND answered_within_sl)::int,
        adds_abandoned = (outcome = 'abandoned')::int,
        adds_short_abandoned = (outcome = 'abandoned' AND short_abandon)::int,
        adds_timed_out = (outcome = 'timedOut')::int,
        adds_handled = (outcome = 'answered')::int,
        adds_hold_sec = CASE WHEN outcome = 'answered' THEN wait_sec ELSE 0 END,
        adds_talk_sec = CASE WHEN outcome = 'answered' THEN talk_sec ELSE 0 END,
        adds_wrap_sec = CASE WHEN outcome = 'answered' THEN wrap_sec ELSE 0 END;
    `,
  },
  {
    version: 4,
    name: 'history dead letters: facts Postgres refused, kept for a look and a replay by hand',
    // The fact as the writer held it (NUL and lone surrogates written as visible escapes, refused-data.ts);
    // grows only with refused facts, so it is not trimmed.
    sql: `
      CREATE TABLE history_dead_letters (
        id bigserial PRIMARY KEY,
        site text NOT NULL,
        fact jsonb NOT NULL,
        error text NOT NULL,
        sqlstate text,
        dead_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX history_dead_letters_site_time ON history_dead_letters (site, dead_at);
    `,
  },
  {
    version: 5,
    name: 'simulated days: which site days the demo has written whole',
    // A row is written in the transaction that writes its day (replace-day.ts), so a day is listed only
    // once all of it is in; a seeding stopped half-way resumes with the days not listed.
    sql: `
      CREATE TABLE simulated_days (
        site text NOT NULL,
        day date NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (site, day)
      );
    `,
  },
  {
    version: 6,
    name: 'access control: users, sessions, tokens, audit log',
    // Session ids and tokens are stored as SHA-256 hex of the secret (server/auth/secret-token.ts): a leaked
    // table opens nothing. Users and tokens are not per site: one sign-in serves every site of the database.
    sql: `
      CREATE TABLE auth_users (
        name text PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('viewer', 'manager', 'admin')),
        -- scrypt$N$r$p$salt$hash; null for people who sign in through OIDC only
        password_hash text,
        source text NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'oidc')),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE auth_sessions (
        id_hash text PRIMARY KEY,
        user_name text NOT NULL REFERENCES auth_users (name) ON DELETE CASCADE ON UPDATE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX auth_sessions_by_user ON auth_sessions (user_name);
      CREATE TABLE auth_tokens (
        name text PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('viewer', 'metrics')),
        -- a viewer token may be limited to one board
        board text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE auth_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text,
        action text NOT NULL,
        target text,
        address text,
        detail text
      );
      CREATE INDEX auth_audit_by_time ON auth_audit (at);
    `,
  },
  {
    version: 7,
    name: 'alerts: every notification sent, and the rules saved on the admin page',
    // alert_rules holds one document per site (server/alerts/alert-store.ts); without a row the file's rules apply.
    sql: `
      CREATE TABLE alert_history (
        id bigserial PRIMARY KEY,
        site text NOT NULL,
        rule_id text NOT NULL,
        queue_id text,
        metric text NOT NULL,
        state text NOT NULL CHECK (state IN ('firing', 'resolved')),
        repeat boolean NOT NULL,
        value double precision NOT NULL,
        threshold double precision NOT NULL,
        at timestamptz NOT NULL,
        since timestamptz NOT NULL,
        channels text[] NOT NULL
      );
      CREATE INDEX alert_history_site_at ON alert_history (site, at);

      CREATE TABLE alert_rules (
        site text PRIMARY KEY,
        document jsonb NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 8,
    name: 'escalation history: escalations to development per task, for the Day page',
    // One row per tracker task, newest change wins; the Day page counts rows raised (opened_at) and
    // back with support (came_back_at) within the site day.
    sql: `
      CREATE TABLE escalation_history (
        site text NOT NULL,
        tracker text NOT NULL,
        task_id text NOT NULL,
        ticket_ref text,
        opened_at timestamptz NOT NULL,
        state text NOT NULL,
        came_back_at timestamptz,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (site, tracker, task_id)
      );
      CREATE INDEX escalation_history_opened ON escalation_history (site, opened_at);
      CREATE INDEX escalation_history_came_back ON escalation_history (site, came_back_at);
    `,
  },
  {
    version: 9,
    name: 'agent state spans: the longest span of each site, so a rollup finds the spans overlapping a day by index',
    // (site, to_at) bounds a scan on one side only: for a day long ago it would read every span that ended since.
    // Every span overlapping [from, to) ends before to + the longest span, which bounds the scan on both sides
    // (interval-rollup.ts). The writers raise it in the statement that writes the spans (write-batch.ts); a bound
    // too high after spans were deleted is harmless. (A GiST range index did the same at four times the insert cost.)
    sql: `
      CREATE TABLE agent_span_bounds (
        site text PRIMARY KEY,
        longest interval NOT NULL
      );
      INSERT INTO agent_span_bounds (site, longest)
        SELECT site, max(to_at - from_at) FROM agent_state_spans GROUP BY site;
    `,
  },
  {
    version: 10,
    name: "callbacks: the caller's number of each call, and the abandoned calls a manager marked done",
    // caller_id is normalised (shared/caller-number.ts) and null when withheld or unknown, and for rows written
    // before; the list reads one site day through an index of call_history's, so it needs no index of its own.
    // A mark names the abandoned call it closes; the list (server/domain/callback-list.ts) drops a number whose
    // latest abandon is marked, so a new abandon after the mark brings the number back.
    sql: `
      ALTER TABLE call_history ADD COLUMN caller_id text;

      CREATE TABLE callback_marks (
        site text NOT NULL,
        queue_id text NOT NULL,
        call_id text NOT NULL,
        entered_at timestamptz NOT NULL,
        caller_id text NOT NULL,
        day date NOT NULL,
        done_by text,
        done_at timestamptz NOT NULL DEFAULT now(),
        note text,
        PRIMARY KEY (site, queue_id, call_id, entered_at)
      );
      CREATE INDEX callback_marks_by_day ON callback_marks (site, day);
    `,
  },
  {
    version: 11,
    name: "agents' day: the reason of each paused span, and every ring an agent did not answer",
    // One row per ring rather than counts per agent and day: a re-import meets the same key and writes nothing
    // (a count would double), and the agents' day of any range or queue is one indexed count.
    sql: `
      ALTER TABLE agent_state_spans ADD COLUMN pause_reason text;
      CREATE TABLE ring_no_answer (
        site text NOT NULL,
        agent_id text NOT NULL,
        queue_id text NOT NULL,
        call_id text NOT NULL,
        at timestamptz NOT NULL,
        ring_ms bigint NOT NULL,
        PRIMARY KEY (site, agent_id, queue_id, call_id, at)
      );
      CREATE INDEX ring_no_answer_site_at ON ring_no_answer (site, at);
    `,
  },
  {
    version: 12,
    name: 'team boards saved on the admin page',
    // One document per site (server/boards/board-store.ts), as alert_rules; without a row the file's boards apply.
    // saved_at, to the millisecond, is the version a save must start from (two admins, two nodes).
    sql: `
      CREATE TABLE board_definitions (
        site text PRIMARY KEY,
        document jsonb NOT NULL,
        saved_at timestamptz NOT NULL
      );
    `,
  },
  {
    version: 13,
    name: 'agent state spans: the queues each span staffs, so the rollup does not take the memberships JSON apart',
    // The writers fill it from server/history/staffed-queues.ts (the queues a member of and not paused in, each once);
    // the backfill states that definition as of this version, once, for rows written before (as migration 3 did for
    // the call counters). The rollup reads only this column of a span's memberships.
    sql: `
      ALTER TABLE agent_state_spans ADD COLUMN staffed_queues text[] NOT NULL DEFAULT '{}';
      UPDATE agent_state_spans SET staffed_queues = ARRAY(
        SELECT DISTINCT e->>'queueId' FROM jsonb_array_elements(queues) e WHERE NOT (e->>'paused')::boolean
      );
      -- no default from now on: a writer that forgot it fails instead of storing spans that staff nothing
      ALTER TABLE agent_state_spans ALTER COLUMN staffed_queues DROP DEFAULT;
    `,
  },
  {
    version: 14,
    name: "history keys lead with the time: spans, calls and rings not answered; spans' and rings' time indexes dropped",
    // Facts arrive in time order, so every new key lands on the right edge of its B-tree (cheap, and less WAL)
    // instead of one place per agent or queue. Spans: one index instead of two (a third less WAL); readers find the
    // spans overlapping [from, to) by start time: they began after from minus the site's longest span
    // (agent_span_bounds). Rings: the key serves the agents' day's range by time. Calls keep the index by interval,
    // which every report reads. Each key has the same columns as before, so every ON CONFLICT still names it.
    sql: `
      ALTER TABLE agent_state_spans DROP CONSTRAINT agent_state_spans_pkey;
      ALTER TABLE agent_state_spans ADD CONSTRAINT agent_state_spans_pkey PRIMARY KEY (site, from_at, agent_id);
      DROP INDEX agent_state_spans_by_end;
      ALTER TABLE call_history DROP CONSTRAINT call_history_pkey;
      ALTER TABLE call_history ADD CONSTRAINT call_history_pkey PRIMARY KEY (site, entered_at, queue_id, call_id);
      ALTER TABLE ring_no_answer DROP CONSTRAINT ring_no_answer_pkey;
      ALTER TABLE ring_no_answer ADD CONSTRAINT ring_no_answer_pkey PRIMARY KEY (site, at, agent_id, queue_id, call_id);
      DROP INDEX ring_no_answer_site_at;
    `,
  },
  {
    version: 15,
    name: "calls' index by interval dropped: readers find a range's calls by the key's entry time",
    // A call's interval is the one its entry falls in, so the calls of [from, to) with interval-aligned bounds are
    // those whose entered_at lies in it: the key (site, entered_at, ...) serves every report's range. One index
    // fewer to keep on every insert: a quarter of an import's COPY of calls.
    sql: `DROP INDEX call_history_by_interval;`,
  },
];
