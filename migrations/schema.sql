-- The schema the migrations (migrations/versions) make, as SQLite stores it: a new
-- database's first run executes this instead of running them one by one.
-- Written by tools/build_schema.py; do not edit.
-- revision: 0018
-- tables: change, feed_event, path_goal, path_progress, profile, reading, series, source, accept_rate, edition, quality_signal, reading_topic, seen_entry, series_alias, series_topic, contact, deadline, edition_claim, edition_source, fee, status_change, talk, agenda_item, deadline_claim, follow_up, note, plan_item, talk_topic, note_tag

CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

CREATE TABLE series (
	id INTEGER NOT NULL, 
	"key" VARCHAR(64) NOT NULL, 
	acronym VARCHAR(64) NOT NULL, 
	name VARCHAR(300) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	dblp VARCHAR(64), 
	ccf_category VARCHAR(8), 
	source VARCHAR(32) NOT NULL, caution VARCHAR(300), quality_score FLOAT, quality_mean FLOAT, quality_confidence FLOAT DEFAULT '0' NOT NULL, quality_inherited BOOLEAN DEFAULT 0 NOT NULL, quality_overridden BOOLEAN DEFAULT 0 NOT NULL, 
	CONSTRAINT pk_series PRIMARY KEY (id), 
	CONSTRAINT ck_series_kind CHECK (kind IN ('conference', 'workshop')), 
	CONSTRAINT uq_series_key UNIQUE ("key")
);

CREATE TABLE accept_rate (
	id INTEGER NOT NULL, 
	series_id INTEGER NOT NULL, 
	year INTEGER NOT NULL, 
	submitted INTEGER, 
	accepted INTEGER, 
	rate FLOAT NOT NULL, 
	source VARCHAR(500) NOT NULL, 
	CONSTRAINT pk_accept_rate PRIMARY KEY (id), 
	CONSTRAINT ck_accept_rate_rate CHECK (rate >= 0 AND rate <= 1), 
	CONSTRAINT fk_accept_rate_series_id_series FOREIGN KEY(series_id) REFERENCES series (id) ON DELETE CASCADE, 
	CONSTRAINT uq_accept_rate_series_id_year UNIQUE (series_id, year)
);

CREATE TABLE edition (
	id INTEGER NOT NULL, 
	series_id INTEGER NOT NULL, 
	year INTEGER NOT NULL, 
	"key" VARCHAR(80) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	parent_id INTEGER, 
	title VARCHAR(300) NOT NULL, 
	start_date DATE, 
	end_date DATE, 
	date_text VARCHAR(100), 
	city VARCHAR(120), 
	region VARCHAR(120), 
	country VARCHAR(2), 
	latitude FLOAT, 
	longitude FLOAT, 
	venue TEXT, 
	place_text VARCHAR(300), 
	link VARCHAR(500), 
	mode VARCHAR(16) NOT NULL, 
	note TEXT, 
	estimated BOOLEAN NOT NULL, 
	estimate_spread_days INTEGER, 
	source VARCHAR(32) NOT NULL, ordinal INTEGER, 
	CONSTRAINT pk_edition PRIMARY KEY (id), 
	CONSTRAINT ck_edition_kind CHECK (kind IN ('conference', 'workshop')), 
	CONSTRAINT ck_edition_mode CHECK (mode IN ('in-person', 'hybrid', 'virtual')), 
	CONSTRAINT ck_edition_dates CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date), 
	CONSTRAINT fk_edition_parent_id_edition FOREIGN KEY(parent_id) REFERENCES edition (id) ON DELETE SET NULL, 
	CONSTRAINT fk_edition_series_id_series FOREIGN KEY(series_id) REFERENCES series (id) ON DELETE CASCADE, 
	CONSTRAINT uq_edition_key UNIQUE ("key"), 
	CONSTRAINT uq_edition_series_id_year UNIQUE (series_id, year)
);

CREATE TABLE quality_signal (
	id INTEGER NOT NULL, 
	series_id INTEGER NOT NULL, 
	source VARCHAR(24) NOT NULL, 
	value VARCHAR(32) NOT NULL, 
	year INTEGER, 
	provenance VARCHAR(300) NOT NULL, 
	reason TEXT, 
	CONSTRAINT pk_quality_signal PRIMARY KEY (id), 
	CONSTRAINT ck_quality_signal_source CHECK (source IN ('core', 'ccf', 'thcpl', 'era', 'h5_index', 'acceptance_rate', 'manual')), 
	CONSTRAINT fk_quality_signal_series_id_series FOREIGN KEY(series_id) REFERENCES series (id) ON DELETE CASCADE, 
	CONSTRAINT uq_quality_signal_series_id_source UNIQUE (series_id, source)
);

CREATE TABLE series_alias (
	alias VARCHAR(100) NOT NULL, 
	series_id INTEGER NOT NULL, 
	source VARCHAR(32) NOT NULL, 
	CONSTRAINT pk_series_alias PRIMARY KEY (alias), 
	CONSTRAINT fk_series_alias_series_id_series FOREIGN KEY(series_id) REFERENCES series (id) ON DELETE CASCADE
);

CREATE TABLE series_topic (
	series_id INTEGER NOT NULL, 
	topic VARCHAR(64) NOT NULL, confidence FLOAT, 
	CONSTRAINT pk_series_topic PRIMARY KEY (series_id, topic), 
	CONSTRAINT fk_series_topic_series_id_series FOREIGN KEY(series_id) REFERENCES series (id) ON DELETE CASCADE
);

CREATE TABLE deadline (
	id INTEGER NOT NULL, 
	edition_id INTEGER NOT NULL, 
	type VARCHAR(24) NOT NULL, 
	label VARCHAR(200), 
	round INTEGER, 
	at_utc DATETIME NOT NULL, 
	local_text VARCHAR(40) NOT NULL, 
	timezone VARCHAR(64) NOT NULL, 
	estimated BOOLEAN NOT NULL, 
	source VARCHAR(32) NOT NULL, 
	CONSTRAINT pk_deadline PRIMARY KEY (id), 
	CONSTRAINT ck_deadline_type CHECK (type IN ('abstract', 'paper', 'supplementary', 'rebuttal_start', 'rebuttal_end', 'notification', 'camera_ready', 'registration', 'other')), 
	CONSTRAINT fk_deadline_edition_id_edition FOREIGN KEY(edition_id) REFERENCES edition (id) ON DELETE CASCADE
);

CREATE TABLE edition_source (
	edition_id INTEGER NOT NULL, 
	source VARCHAR(32) NOT NULL, 
	external_id VARCHAR(120), 
	CONSTRAINT pk_edition_source PRIMARY KEY (edition_id, source), 
	CONSTRAINT fk_edition_source_edition_id_edition FOREIGN KEY(edition_id) REFERENCES edition (id) ON DELETE CASCADE
);

CREATE TABLE fee (
	id INTEGER NOT NULL, 
	edition_id INTEGER NOT NULL, 
	category VARCHAR(16) NOT NULL, 
	early BOOLEAN NOT NULL, 
	amount FLOAT NOT NULL, 
	currency VARCHAR(3) NOT NULL, 
	source VARCHAR(300) NOT NULL, early_until DATETIME, early_until_zone VARCHAR(64), confirmed_at DATETIME, 
	CONSTRAINT pk_fee PRIMARY KEY (id), 
	CONSTRAINT ck_fee_category CHECK (category IN ('regular', 'student')), 
	CONSTRAINT ck_fee_amount CHECK (amount >= 0), 
	CONSTRAINT fk_fee_edition_id_edition FOREIGN KEY(edition_id) REFERENCES edition (id) ON DELETE CASCADE, 
	CONSTRAINT uq_fee_edition_id_category_early UNIQUE (edition_id, category, early)
);

CREATE TABLE profile (
	id INTEGER NOT NULL, 
	name VARCHAR(40) NOT NULL, 
	home_text VARCHAR(200), 
	home_city VARCHAR(120), 
	home_country VARCHAR(2), 
	home_latitude FLOAT, 
	home_longitude FLOAT, 
	interests JSON NOT NULL, 
	budget FLOAT, 
	currency VARCHAR(3) NOT NULL, 
	student BOOLEAN NOT NULL, 
	available_from DATE, 
	available_to DATE, 
	mode VARCHAR(8) NOT NULL, 
	prep_days INTEGER NOT NULL, 
	virtual_ok BOOLEAN NOT NULL, 
	weights JSON, 
	updated_at DATETIME, passports JSON, 
	CONSTRAINT pk_profile PRIMARY KEY (id), 
	CONSTRAINT ck_profile_mode CHECK (mode IN ('attend', 'submit')), 
	CONSTRAINT ck_profile_budget CHECK (budget IS NULL OR budget > 0), 
	CONSTRAINT ck_profile_prep_days CHECK (prep_days >= 0), 
	CONSTRAINT ck_profile_window CHECK (available_from IS NULL OR available_to IS NULL OR available_from <= available_to), 
	CONSTRAINT uq_profile_name UNIQUE (name)
);

CREATE TABLE status_change (
	id INTEGER NOT NULL, 
	edition_id INTEGER NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	on_date DATE NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	note TEXT, 
	CONSTRAINT pk_status_change PRIMARY KEY (id), 
	CONSTRAINT ck_status_change_status CHECK (status IN ('interested', 'planning', 'submitted', 'accepted', 'registered', 'attending', 'attended', 'skipped')), 
	CONSTRAINT fk_status_change_edition_id_edition FOREIGN KEY(edition_id) REFERENCES edition (id)
);

CREATE TABLE follow_up (
	id INTEGER NOT NULL, 
	contact_id INTEGER NOT NULL, 
	due DATE NOT NULL, 
	what TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	done_at DATETIME, 
	CONSTRAINT pk_follow_up PRIMARY KEY (id), 
	CONSTRAINT fk_follow_up_contact_id_contact FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE
);

CREATE TABLE plan_item (
	id INTEGER NOT NULL, 
	edition_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	text TEXT NOT NULL, 
	due DATE, 
	contact_id INTEGER, 
	created_at DATETIME NOT NULL, 
	done_at DATETIME, 
	CONSTRAINT pk_plan_item PRIMARY KEY (id), 
	CONSTRAINT ck_plan_item_kind CHECK (kind IN ('session', 'person', 'question', 'reading', 'task')), 
	CONSTRAINT fk_plan_item_contact_id_contact FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE SET NULL, 
	CONSTRAINT fk_plan_item_edition_id_edition FOREIGN KEY(edition_id) REFERENCES edition (id), 
	CONSTRAINT uq_plan_item_edition_id_position UNIQUE (edition_id, position)
);

CREATE TABLE note_tag (
	note_id INTEGER NOT NULL, 
	tag VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_note_tag PRIMARY KEY (note_id, tag), 
	CONSTRAINT fk_note_tag_note_id_note FOREIGN KEY(note_id) REFERENCES note (id) ON DELETE CASCADE
);

CREATE TABLE path_goal (
	topic VARCHAR(64) NOT NULL, 
	added_at DATETIME NOT NULL, 
	CONSTRAINT pk_path_goal PRIMARY KEY (topic)
);

CREATE TABLE path_progress (
	topic VARCHAR(64) NOT NULL, 
	state VARCHAR(8) NOT NULL, 
	at DATETIME NOT NULL, 
	CONSTRAINT pk_path_progress PRIMARY KEY (topic), 
	CONSTRAINT ck_path_progress_state CHECK (state IN ('known', 'done'))
);

CREATE TABLE reading_topic (
	reading_id INTEGER NOT NULL, 
	topic VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_reading_topic PRIMARY KEY (reading_id, topic), 
	CONSTRAINT fk_reading_topic_reading_id_reading FOREIGN KEY(reading_id) REFERENCES reading (id) ON DELETE CASCADE
);

CREATE TABLE talk (
	id INTEGER NOT NULL, 
	edition_id INTEGER NOT NULL, 
	title VARCHAR(500) NOT NULL, 
	title_key VARCHAR(500) NOT NULL, 
	speakers JSON NOT NULL, 
	abstract TEXT NOT NULL, 
	session VARCHAR(200), 
	starts_at DATETIME, 
	ends_at DATETIME, 
	timezone VARCHAR(64), 
	url VARCHAR(500), 
	source VARCHAR(32) NOT NULL, kind VARCHAR(32), room VARCHAR(200), poster_position VARCHAR(32), authors JSON, external_id VARCHAR(64), 
	CONSTRAINT pk_talk PRIMARY KEY (id), 
	CONSTRAINT fk_talk_edition_id_edition FOREIGN KEY(edition_id) REFERENCES edition (id) ON DELETE CASCADE, 
	CONSTRAINT uq_talk_edition_id_title_key UNIQUE (edition_id, title_key)
);

CREATE TABLE talk_topic (
	talk_id INTEGER NOT NULL, 
	topic VARCHAR(64) NOT NULL, 
	source VARCHAR(8) NOT NULL, 
	score FLOAT, 
	reason TEXT, 
	CONSTRAINT pk_talk_topic PRIMARY KEY (talk_id, topic), 
	CONSTRAINT ck_talk_topic_source CHECK (source IN ('auto', 'manual')), 
	CONSTRAINT fk_talk_topic_talk_id_talk FOREIGN KEY(talk_id) REFERENCES talk (id) ON DELETE CASCADE
);

CREATE TABLE seen_entry (
	source_id INTEGER NOT NULL, 
	entry_key VARCHAR(500) NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	first_seen_at DATETIME NOT NULL, 
	last_seen_at DATETIME NOT NULL, 
	CONSTRAINT pk_seen_entry PRIMARY KEY (source_id, entry_key), 
	CONSTRAINT fk_seen_entry_source_id_source FOREIGN KEY(source_id) REFERENCES source (id) ON DELETE CASCADE
);

CREATE TABLE "note" (
	id INTEGER NOT NULL, 
	edition_id INTEGER NOT NULL, 
	talk_id INTEGER, 
	contact_id INTEGER, 
	body TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME, 
	CONSTRAINT pk_note PRIMARY KEY (id), 
	CONSTRAINT fk_note_contact_id_contact FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE SET NULL, 
	CONSTRAINT fk_note_edition_id_edition FOREIGN KEY(edition_id) REFERENCES edition (id), 
	CONSTRAINT fk_note_talk_id_talk FOREIGN KEY(talk_id) REFERENCES talk (id) ON DELETE SET NULL
);

CREATE TABLE "contact" (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	affiliation VARCHAR(300), 
	email VARCHAR(320), 
	url VARCHAR(500), 
	topics TEXT, 
	met_edition_id INTEGER, 
	note TEXT, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME, 
	uid VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_contact PRIMARY KEY (id), 
	CONSTRAINT fk_contact_met_edition_id_edition FOREIGN KEY(met_edition_id) REFERENCES edition (id) ON DELETE SET NULL, 
	CONSTRAINT uq_contact_name UNIQUE (name), 
	CONSTRAINT uq_contact_uid UNIQUE (uid)
);

CREATE TABLE "reading" (
	id INTEGER NOT NULL, 
	title VARCHAR(500) NOT NULL, 
	title_key VARCHAR(500) NOT NULL, 
	authors JSON NOT NULL, 
	year INTEGER, 
	venue VARCHAR(300), 
	arxiv_id VARCHAR(40), 
	doi VARCHAR(200), 
	url VARCHAR(500), 
	status VARCHAR(16) NOT NULL, 
	priority INTEGER NOT NULL, 
	added_from VARCHAR(64) NOT NULL, 
	added_at DATETIME NOT NULL, 
	done_at DATETIME, 
	CONSTRAINT pk_reading PRIMARY KEY (id), 
	CONSTRAINT uq_reading_title_key UNIQUE (title_key), 
	CONSTRAINT ck_reading_priority CHECK (priority BETWEEN 1 AND 3), 
	CONSTRAINT uq_reading_arxiv_id UNIQUE (arxiv_id), 
	CONSTRAINT uq_reading_doi UNIQUE (doi), 
	CONSTRAINT ck_reading_status CHECK (status IN ('to-read', 'reading', 'done', 'suggested', 'dismissed'))
);

CREATE TABLE edition_claim (
	id INTEGER NOT NULL, 
	edition_id INTEGER NOT NULL, 
	source VARCHAR(32) NOT NULL, 
	title VARCHAR(300), 
	link VARCHAR(500), 
	note TEXT, 
	start_date DATE, 
	end_date DATE, 
	date_text VARCHAR(100), 
	place_text VARCHAR(300), 
	city VARCHAR(120), 
	region VARCHAR(120), 
	country VARCHAR(2), 
	latitude FLOAT, 
	longitude FLOAT, 
	mode VARCHAR(16), 
	venue TEXT, 
	first_seen_at DATETIME, 
	confirmed_at DATETIME, 
	text_changed_at DATETIME, 
	dates_changed_at DATETIME, 
	place_changed_at DATETIME, 
	withdrawn_at DATETIME, 
	CONSTRAINT pk_edition_claim PRIMARY KEY (id), 
	CONSTRAINT fk_edition_claim_edition_id_edition FOREIGN KEY(edition_id) REFERENCES edition (id) ON DELETE CASCADE, 
	CONSTRAINT uq_edition_claim_edition_id_source UNIQUE (edition_id, source)
);

CREATE TABLE deadline_claim (
	id INTEGER NOT NULL, 
	claim_id INTEGER NOT NULL, 
	type VARCHAR(24) NOT NULL, 
	label VARCHAR(200), 
	round INTEGER, 
	at_utc DATETIME NOT NULL, 
	local_text VARCHAR(40) NOT NULL, 
	timezone VARCHAR(64) NOT NULL, 
	first_seen_at DATETIME, 
	confirmed_at DATETIME, 
	changed_at DATETIME, 
	withdrawn_at DATETIME, 
	CONSTRAINT pk_deadline_claim PRIMARY KEY (id), 
	CONSTRAINT ck_deadline_claim_type CHECK (type IN ('abstract', 'paper', 'supplementary', 'rebuttal_start', 'rebuttal_end', 'notification', 'camera_ready', 'registration', 'other')), 
	CONSTRAINT fk_deadline_claim_claim_id_edition_claim FOREIGN KEY(claim_id) REFERENCES edition_claim (id) ON DELETE CASCADE
);

CREATE TABLE "change" (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	source VARCHAR(64) NOT NULL, 
	kind VARCHAR(24) NOT NULL, 
	subject VARCHAR(300) NOT NULL, 
	from_value TEXT, 
	to_value TEXT, 
	detail TEXT NOT NULL, 
	CONSTRAINT pk_change PRIMARY KEY (id), 
	CONSTRAINT ck_change_kind CHECK (kind IN ('new_edition', 'deadline_moved', 'deadline_added', 'postponed', 'dates_changed', 'venue_changed', 'new_cfp', 'new_reading', 'new_talk', 'withdrawn'))
);

CREATE VIRTUAL TABLE note_fts USING fts5(body, content='note_fts_source', content_rowid='id', tokenize='unicode61 remove_diacritics 2');

CREATE TABLE agenda_item (
	talk_id INTEGER NOT NULL, 
	added_at DATETIME NOT NULL, 
	CONSTRAINT pk_agenda_item PRIMARY KEY (talk_id), 
	CONSTRAINT fk_agenda_item_talk_id_talk FOREIGN KEY(talk_id) REFERENCES talk (id) ON DELETE CASCADE
);

CREATE TABLE feed_event (
	uid VARCHAR(300) NOT NULL, 
	fingerprint VARCHAR(64) NOT NULL, 
	sequence INTEGER NOT NULL, 
	modified_at DATETIME NOT NULL, 
	CONSTRAINT pk_feed_event PRIMARY KEY (uid)
);

CREATE TABLE "source" (
	id INTEGER NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	url VARCHAR(2000) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	edition_key VARCHAR(80), 
	etag VARCHAR(300), 
	last_modified VARCHAR(100), 
	last_fetched_at DATETIME, 
	last_status VARCHAR(16), 
	last_error TEXT, 
	added_at DATETIME NOT NULL, 
	builtin BOOLEAN DEFAULT 0 NOT NULL, 
	enabled BOOLEAN DEFAULT 1 NOT NULL, 
	custom_url BOOLEAN DEFAULT 0 NOT NULL, 
	areas VARCHAR(200), 
	last_ok_at DATETIME, 
	CONSTRAINT pk_source PRIMARY KEY (id), 
	CONSTRAINT uq_source_name UNIQUE (name), 
	CONSTRAINT ck_source_kind CHECK (kind IN ('ccf', 'hf', 'pwc', 'wikicfp', 'arxiv', 'ics', 'feed', 'virtual'))
);

CREATE VIRTUAL TABLE note_fts_scratch USING fts5(body, content='', tokenize='unicode61 remove_diacritics 2');

CREATE VIRTUAL TABLE note_fts_scratch_vocab USING fts5vocab(note_fts_scratch, row);

CREATE TABLE note_fts_stats (id INTEGER PRIMARY KEY, edition_id INTEGER NOT NULL, length INTEGER NOT NULL, top INTEGER NOT NULL, top2 INTEGER NOT NULL, top3 INTEGER NOT NULL, top4 INTEGER NOT NULL);

CREATE TABLE note_fts_postings (token TEXT NOT NULL, block INTEGER NOT NULL, docs BLOB NOT NULL, counts BLOB NOT NULL, positions BLOB NOT NULL, PRIMARY KEY (token, block));

CREATE TABLE note_fts_docs (block INTEGER PRIMARY KEY, ids BLOB NOT NULL, editions BLOB NOT NULL, lengths BLOB NOT NULL);

CREATE TABLE note_fts_pending (id INTEGER PRIMARY KEY, old TEXT);

CREATE VIEW note_fts_source AS SELECT id, tracker_index_text(body) AS body FROM note;

CREATE INDEX ix_accept_rate_series_id ON accept_rate (series_id);

CREATE INDEX ix_edition_parent_id ON edition (parent_id);

CREATE INDEX ix_edition_series_id ON edition (series_id);

CREATE INDEX ix_edition_start_date ON edition (start_date);

CREATE INDEX ix_quality_signal_series_id ON quality_signal (series_id);

CREATE INDEX ix_series_alias_series_id ON series_alias (series_id);

CREATE INDEX ix_series_topic_topic ON series_topic (topic);

CREATE INDEX ix_deadline_at_utc ON deadline (at_utc);

CREATE INDEX ix_deadline_edition_id ON deadline (edition_id);

CREATE INDEX ix_fee_edition_id ON fee (edition_id);

CREATE INDEX ix_status_change_edition_id ON status_change (edition_id);

CREATE INDEX ix_follow_up_contact_id ON follow_up (contact_id);

CREATE INDEX ix_follow_up_due ON follow_up (due);

CREATE INDEX ix_plan_item_contact_id ON plan_item (contact_id);

CREATE INDEX ix_plan_item_edition_id ON plan_item (edition_id);

CREATE INDEX ix_note_tag_tag ON note_tag (tag);

CREATE INDEX ix_reading_topic_topic ON reading_topic (topic);

CREATE INDEX ix_talk_edition_id ON talk (edition_id);

CREATE INDEX ix_talk_starts_at ON talk (starts_at);

CREATE INDEX ix_talk_topic_topic ON talk_topic (topic);

CREATE INDEX ix_note_contact_id ON note (contact_id);

CREATE INDEX ix_note_edition_id ON note (edition_id);

CREATE INDEX ix_note_created_at ON note (created_at);

CREATE INDEX ix_note_talk_id ON note (talk_id);

CREATE INDEX ix_contact_met_edition_id ON contact (met_edition_id);

CREATE INDEX ix_edition_claim_edition_id ON edition_claim (edition_id);

CREATE INDEX ix_deadline_claim_claim_id ON deadline_claim (claim_id);

CREATE INDEX ix_change_subject ON change (subject);

CREATE INDEX ix_change_at ON change (at);

CREATE INDEX ix_note_fts_stats_tops ON note_fts_stats (top, length, top2, top3, top4, edition_id);

CREATE INDEX ix_note_fts_stats_tops2 ON note_fts_stats (top2, length, top, top3, top4, edition_id);

CREATE TRIGGER note_fts_after_insert AFTER INSERT ON note BEGIN INSERT INTO note_fts(rowid, body) VALUES (new.id, tracker_index_text(new.body)); END;

CREATE TRIGGER note_fts_after_delete AFTER DELETE ON note BEGIN INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.id, tracker_index_text(old.body)); END;

CREATE TRIGGER note_fts_after_update AFTER UPDATE OF body ON note BEGIN INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.id, tracker_index_text(old.body)); INSERT INTO note_fts(rowid, body) VALUES (new.id, tracker_index_text(new.body)); END;

CREATE TRIGGER note_fts_stats_after_insert AFTER INSERT ON note BEGIN INSERT INTO note_fts_scratch(rowid, body) VALUES (new.id, tracker_index_text(new.body)); INSERT INTO note_fts_stats(id, edition_id, length, top, top2, top3, top4) SELECT new.id, new.edition_id, coalesce(sum(cnt), 0), coalesce(max(CASE WHEN rn = 1 THEN cnt END), 0), coalesce(max(CASE WHEN rn = 2 THEN cnt END), 0), coalesce(max(CASE WHEN rn = 3 THEN cnt END), 0), coalesce(max(CASE WHEN rn = 4 THEN cnt END), 0) FROM (SELECT cnt, row_number() OVER (ORDER BY cnt DESC) AS rn FROM note_fts_scratch_vocab); INSERT INTO note_fts_scratch(note_fts_scratch) VALUES ('delete-all'); END;

CREATE TRIGGER note_fts_stats_after_delete AFTER DELETE ON note BEGIN DELETE FROM note_fts_stats WHERE id = old.id; END;

CREATE TRIGGER note_fts_stats_after_update AFTER UPDATE OF body, edition_id ON note BEGIN DELETE FROM note_fts_stats WHERE id = old.id; INSERT INTO note_fts_scratch(rowid, body) VALUES (new.id, tracker_index_text(new.body)); INSERT INTO note_fts_stats(id, edition_id, length, top, top2, top3, top4) SELECT new.id, new.edition_id, coalesce(sum(cnt), 0), coalesce(max(CASE WHEN rn = 1 THEN cnt END), 0), coalesce(max(CASE WHEN rn = 2 THEN cnt END), 0), coalesce(max(CASE WHEN rn = 3 THEN cnt END), 0), coalesce(max(CASE WHEN rn = 4 THEN cnt END), 0) FROM (SELECT cnt, row_number() OVER (ORDER BY cnt DESC) AS rn FROM note_fts_scratch_vocab); INSERT INTO note_fts_scratch(note_fts_scratch) VALUES ('delete-all'); END;

CREATE TRIGGER note_fts_pending_after_insert AFTER INSERT ON note BEGIN INSERT OR IGNORE INTO note_fts_pending(id, old) VALUES (new.id, NULL); END;

CREATE TRIGGER note_fts_pending_after_delete AFTER DELETE ON note BEGIN INSERT OR IGNORE INTO note_fts_pending(id, old) VALUES (old.id, old.body); END;

CREATE TRIGGER note_fts_pending_after_update AFTER UPDATE OF body, edition_id ON note BEGIN INSERT OR IGNORE INTO note_fts_pending(id, old) VALUES (old.id, old.body); END;

INSERT INTO "note_fts"("note_fts") VALUES ('rebuild');

INSERT INTO "alembic_version" VALUES ('0018');
