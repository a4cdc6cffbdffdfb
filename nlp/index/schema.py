"""The index's schema: every version's statements, applied in order by :mod:`nlp.index.connection`.

The schema is versioned with ``PRAGMA user_version``: :data:`MIGRATIONS` takes any older index
forward, one version per transaction, and a newer one is refused. Each version's statements end
with the one that records it (PRAGMA takes no parameters, so the number is written out).
"""

MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            path TEXT, url TEXT, source TEXT, author TEXT, published TEXT,
            kind TEXT NOT NULL DEFAULT 'text',
            added_at TEXT NOT NULL,
            word_count INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            label TEXT NOT NULL,
            key TEXT NOT NULL,
            mention_count INTEGER NOT NULL DEFAULT 0,
            article_count INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX entities_key ON entities (key)",
        "CREATE INDEX entities_mentions ON entities (mention_count DESC)",
        """CREATE TABLE aliases (
            entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (entity_id, alias)
        ) WITHOUT ROWID""",
        "CREATE INDEX aliases_key ON aliases (key)",
        """CREATE TABLE article_entities (
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities (id),
            name TEXT NOT NULL,
            label TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]',
            ambiguities TEXT NOT NULL DEFAULT '[]',
            mention_count INTEGER NOT NULL,
            link TEXT NOT NULL,
            score REAL,
            PRIMARY KEY (article_id, entity_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX article_entities_entity ON article_entities (entity_id, mention_count DESC)",
        """CREATE TABLE mentions (
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entities (id),
            sent_start INTEGER NOT NULL,
            sent_end INTEGER NOT NULL,
            PRIMARY KEY (article_id, start)
        ) WITHOUT ROWID""",
        "CREATE INDEX mentions_entity ON mentions (entity_id, article_id, start)",
        "CREATE VIRTUAL TABLE articles_fts USING fts5 (title, text, content='articles', content_rowid='id')",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        END""",
        "PRAGMA user_version = 1",
    ]),
    (2, [
        # Lets each process keep one fuzzy matcher over the entity names (nlp.index.names)
        # and know when to rebuild it: entity ids only grow, except after a deletion.
        """CREATE TABLE entity_changes (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            token TEXT NOT NULL,
            deletions INTEGER NOT NULL DEFAULT 0
        )""",
        "INSERT INTO entity_changes (id, token) VALUES (1, lower(hex(randomblob(8))))",
        """CREATE TRIGGER entities_deleted AFTER DELETE ON entities BEGIN
            UPDATE entity_changes SET deletions = deletions + 1 WHERE id = 1;
        END""",
        "PRAGMA user_version = 2",
    ]),
    (3, [
        # The hash of the file's bytes as read, so `margin read FILE` finds an indexed article
        # without decoding or parsing the file (no Markdown parser or HTML extractor to load).
        "ALTER TABLE articles ADD COLUMN source_hash TEXT",
        "CREATE INDEX articles_source_hash ON articles (source_hash)",
        "PRAGMA user_version = 3",
    ]),
    (4, [
        # Ranges of the text the reader styles (Markdown headings, code, table headers) as JSON
        # [[kind, start, end], ...]; NULL for articles without any, and for those stored before.
        "ALTER TABLE articles ADD COLUMN blocks TEXT",
        "PRAGMA user_version = 4",
    ]),
    (5, [
        # Finds the article imported from a file again when the file was edited (margin add
        # --replace, and the reader's question), without reading every article's row.
        "CREATE INDEX articles_path ON articles (path)",
        "PRAGMA user_version = 5",
    ]),
    (6, [
        # The site name and the hash of the file's bytes, under the names the code uses.
        "ALTER TABLE articles RENAME COLUMN source TO site",
        "DROP INDEX articles_source_hash",
        "ALTER TABLE articles RENAME COLUMN source_hash TO file_hash",
        "CREATE INDEX articles_file_hash ON articles (file_hash)",
        # nlp.labels.label_family of the label: the name matcher loads every entity with it.
        "ALTER TABLE entities ADD COLUMN family TEXT GENERATED ALWAYS AS"
        " (CASE WHEN label IN ('GPE', 'LOC') THEN 'PLACE' ELSE label END) VIRTUAL",
        # The library listing is newest first; its first rows are read without sorting the table.
        "CREATE INDEX articles_added_at ON articles (added_at)",
        "PRAGMA user_version = 6",
    ]),
    (7, [
        # What the library's filter searches (the title, then the site or where the article came
        # from), kept in an index with the listing's order: a keystroke reads this small index,
        # never the articles' rows with their texts. It replaces the index on added_at alone.
        "ALTER TABLE articles ADD COLUMN filter_text TEXT GENERATED ALWAYS AS"
        " (title || ' ' || coalesce(site, url, path, '')) VIRTUAL",
        "DROP INDEX articles_added_at",
        "CREATE INDEX articles_listing ON articles (added_at, id, filter_text)",
        "PRAGMA user_version = 7",
    ]),
    (8, [
        # The reader's corrections (rename, retype, merge, split, not-a-name), each its own record:
        # what (kind), with what (arguments, JSON, naming entities by id and name), when, and the
        # rows it changed as they were before (undo, JSON; see nlp.index.corrections), so it can
        # be undone and applied again to articles stored or re-indexed later. Ids are never
        # reused (AUTOINCREMENT): `margin undo ID` always means the same correction.
        """CREATE TABLE corrections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            arguments TEXT NOT NULL,
            summary TEXT NOT NULL,
            entity_ids TEXT NOT NULL DEFAULT '[]',
            undo TEXT NOT NULL,
            created_at TEXT NOT NULL,
            undone_at TEXT
        )""",
        "CREATE INDEX corrections_kind ON corrections (kind, undone_at)",
        "PRAGMA user_version = 8",
    ]),
    (9, [
        # Subscribed feeds (margin feed add), each with what its last fetch answered (ETag,
        # Last-Modified) so the next refresh asks conditionally, and why it last failed.
        """CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            name TEXT,
            full INTEGER NOT NULL DEFAULT 0,
            etag TEXT,
            last_modified TEXT,
            added_at TEXT NOT NULL,
            refreshed_at TEXT,
            last_error TEXT
        )""",
        # The feed an article came from (NULL for files and addresses), and whether only the
        # feed's summary was stored (the reader says so).
        "ALTER TABLE articles ADD COLUMN feed_id INTEGER REFERENCES feeds (id) ON DELETE SET NULL",
        "ALTER TABLE articles ADD COLUMN summary_only INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX articles_feed ON articles (feed_id)",
        # Feed items are deduplicated by their link.
        "CREATE INDEX articles_url ON articles (url)",
        # Reading state: when the article was first opened (NULL: unread), the offset of the text
        # at the top of the reader when it was left, and the star.
        "ALTER TABLE articles ADD COLUMN read_at TEXT",
        "ALTER TABLE articles ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE articles ADD COLUMN starred INTEGER NOT NULL DEFAULT 0",
        # What extracted the article's names (model and rules), so `margin reindex` redoes only
        # the articles another model or older rules indexed, and can resume where it stopped.
        "ALTER TABLE articles ADD COLUMN indexed_by TEXT",
        # Names the reader follows (the dossier's f).
        """CREATE TABLE follows (
            entity_id INTEGER PRIMARY KEY REFERENCES entities (id) ON DELETE CASCADE,
            followed_at TEXT NOT NULL
        )""",
        "PRAGMA user_version = 9",
    ]),
    (10, [
        # A renamed or retyped entity's name or type holds in every article through these flags
        # (nlp.index.reads shows the entity's own name and type where they are set), so such a
        # correction writes one row, not one per article that mentions the entity.
        "ALTER TABLE entities ADD COLUMN renamed INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE entities ADD COLUMN retyped INTEGER NOT NULL DEFAULT 0",
        "PRAGMA user_version = 10",
    ]),
    (11, [
        # The library's filters on reading state (is:unread, is:starred, feed:NAME, is:followed):
        # the listing's order with the state columns, so a keystroke reads this index, never the
        # articles' rows (their state columns come after the text).
        "CREATE INDEX articles_state ON articles (added_at, id, read_at, starred, feed_id, filter_text)",
        # An article's date by its id, for the dossier's timeline (grouped by day of publication).
        "CREATE INDEX articles_day ON articles (id, published, added_at)",
        "PRAGMA user_version = 11",
    ]),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]
