"""full-text (trigram) index of the product and party search keys

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

Type-ahead matches what a clerk types anywhere in a row's stored ``search_key`` (name,
pinyin initials, full pinyin, code, spec, barcode or phone). ``LIKE '%…%'`` cannot use a
B-tree index: a rare word read all 600,000 products (~180 ms a keystroke), and the
in-memory index that replaced it took 7 s to load. An FTS5 table with the trigram
tokenizer finds any run of three or more characters through its index.

The tables are external-content (``content=``: the keys are not stored twice), keyed by
the row's ``rowid`` and kept in step by triggers, so every path that writes a product or a
party (the services, bulk imports, sync apply, undo) keeps them right. The index is built
here for the rows a ledger already has (``rebuild``). A later migration that rebuilds
``product`` or ``party`` (a batch table copy renumbers rowids) must rebuild them too.
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLES = ("product", "party")


def upgrade() -> None:
    for table in TABLES:
        fts = f"{table}_search"
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5(search_key, content='{table}', "
            "content_rowid='rowid', tokenize='trigram')"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, search_key) VALUES (new.rowid, new.search_key); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, search_key) "
            "VALUES ('delete', old.rowid, old.search_key); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_update AFTER UPDATE OF search_key ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, search_key) "
            "VALUES ('delete', old.rowid, old.search_key); "
            f"INSERT INTO {fts}(rowid, search_key) VALUES (new.rowid, new.search_key); END"
        )
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def downgrade() -> None:
    for table in TABLES:
        fts = f"{table}_search"
        for action in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{action}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")
