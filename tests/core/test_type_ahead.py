"""Type-ahead through the trigram index (migration 0012, ``search_keys.rare_rows``):
the same products and parties, in the same order, as the ``LIKE '%…%'`` it replaced, on
tricky text (Chinese, pinyin initials and full pinyin, codes, barcodes, full-width
characters, LIKE's own wildcards, quotes, spaces); and the index stays right after every
kind of write: create, update, archive, import, sync apply, undo of an import."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import or_, select

from desktop import search_keys
from desktop.models import Party, Product
from desktop.queries import db, lists
from desktop.search_keys import LIKE_ESCAPE, like_contains
from desktop.services import parties, products
from desktop.services.ledger import Ledger


def _ean(first_twelve: str) -> str:
    """A valid EAN-13: the twelve digits and their check digit."""
    from stdnum import ean

    return first_twelve + ean.calc_check_digit(first_twelve)


PRODUCTS = [
    ("000123", "不锈钢螺丝", "M6×20", "6901234567892"),
    ("000124", "不锈钢螺母", "M6", "6901234567908"),
    ("A-100", "公牛插座", "五孔 1.8m", ""),
    ("a-101", "公牛插座", "十孔 3m", "6920000000012"),
    ("B_200", "扳手 50%", "8寸", ""),
    ("ＦＷ01", "全角ＡＢＣ扳手", "ＸＬ", ""),
    ("Q-1", 'PVC 管 "加厚"', "DN20", ""),
    ("Z9", "zhangsan 张三牌 电线", "2.5平方", "12345"),
    ("000125", "螺丝刀", "十字 PH2", "6901234567915"),
]
PARTIES = [
    ("C001", "张三五金", "13800138000"),
    ("C002", "张珊建材商行", "13912345678"),
    ("C003", "李四电器", "020-88886666"),
    ("C004", "王五_批发部", ""),
    ("C005", "ＡＢＣ贸易", ""),
    ("C006", "Zhang San Trading", "0755 1234"),
]
QUERIES = [
    "z", "zs", "zsw", "zswj", "zhang", "zhangsan", "张", "张三", "张三五金", "三五",
    "luo", "luos", "lsd", "螺", "螺丝", "不锈钢", "bxg", "bxgls", "m6", "M6", "m6×",
    "000", "0001", "000123", "12", "123", "6901", "690123456789", "5678", "138", "13800",
    "a-1", "A-10", "_", "b_2", "b_", "%", "50%", "0%", "ＡＢＣ", "ａｂｃ", "abc", "全角",
    "ＦＷ", "fw", '"', '"加厚"', "pvc 管", "c 管", " zs ", "san tr", "zhang san", "x",
    "2.5", "dn2", "wang", "wu_", "88886666", "020-", "不存在的东西", "qqqq",
]  # fmt: skip


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    with ledger.unit() as uow:
        for code, name, spec, barcode in PRODUCTS:
            products.create_product(
                uow, code=code, name=name, spec=spec, barcode=barcode, base_unit="个",
                retail_price="1.00",
            )  # fmt: skip
        for code, name, phone in PARTIES:
            parties.create_party(uow, code=code, name=name, phone=phone)
    return ledger


def _old_products(ledger: Ledger, text: str) -> list[str]:
    """The query before the trigram index: LIKE on the key, the code and the barcode."""
    pattern = like_contains(text)
    with ledger.read() as s:
        query = select(Product.code).where(
            or_(
                Product.search_key.like(pattern, escape=LIKE_ESCAPE),
                Product.code.like(pattern, escape=LIKE_ESCAPE),
                Product.barcode.like(pattern, escape=LIKE_ESCAPE),
            ),
            Product.archived.is_(False),
        )
        return list(s.scalars(query.order_by(Product.code).limit(50)))


def _old_parties(ledger: Ledger, text: str) -> list[str]:
    pattern = like_contains(text)
    with ledger.read() as s:
        query = select(Party.code).where(
            or_(
                Party.search_key.like(pattern, escape=LIKE_ESCAPE),
                Party.code.like(pattern, escape=LIKE_ESCAPE),
                Party.phone.like(pattern, escape=LIKE_ESCAPE),
            ),
            Party.archived.is_(False),
        )
        return list(s.scalars(query.order_by(Party.code).limit(50)))


def _found(ledger: Ledger, text: str) -> tuple[list[str], list[str]]:
    with ledger.read() as s:
        return (
            [p.code for p in products.find_products(s, text)],
            [p.code for p in parties.find_parties(s, text)],
        )


@pytest.fixture(params=["rare", "common"])
def words_seen_as(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with every word of three characters or more narrowed through the index
    ("rare"), and with none of them ("common": every word matches more than ``RARE``)."""
    if request.param == "common":
        monkeypatch.setattr(search_keys, "RARE", 0)
    return str(request.param)


@pytest.mark.parametrize("text", QUERIES)
def test_lookups_find_what_the_like_found_in_the_same_order(
    filled: Ledger, text: str, words_seen_as: str
) -> None:
    found_products, found_parties = _found(filled, text)
    assert found_products == _old_products(filled, text)
    assert found_parties == _old_parties(filled, text)


def test_hand_checked_matches(filled: Ledger) -> None:
    """A few answers worked out by hand, so the comparison above is not with itself."""
    assert _found(filled, "zswj")[1] == ["C001"]  # 张三五金 by initials
    assert _found(filled, "luosi")[0] == ["000123", "000125"]  # 螺丝, 螺丝刀 (not 螺母)
    assert _found(filled, "6901234567908")[0] == ["000124"]  # a barcode
    assert _found(filled, "b_2")[0] == ["B_200"]  # "_" is a character, not a wildcard
    assert _found(filled, "50%")[0] == ["B_200"]
    assert _found(filled, "ａｂｃ")[0] == ["ＦＷ01"]  # full-width, in lower case
    assert _found(filled, '"加厚"')[0] == ["Q-1"]  # quotes are text, not FTS syntax
    assert _found(filled, "zhang san")[1] == ["C006"]
    assert _found(filled, "不存在的东西") == ([], [])


def _list_codes(ledger: Ledger, spec: lists.ListSpec, text: str) -> list[str]:
    conn = db.connect(ledger.path)
    try:
        ids = lists.matching_ids(conn, spec, text)  # as the list model does
        rows = lists.fetch_page(conn, spec, text, limit=500, ids=ids)
        assert lists.count_rows(conn, spec, text) == len(rows)
        if ids is not None:
            assert len(ids) == len(rows)  # the screen shows len(ids) as the count
    finally:
        conn.close()
    return [r.values[spec.index("code")] for r in rows]


@pytest.mark.parametrize("text", [*QUERIES, "zs 138", "luo m6", "bxg m6×20"])
def test_list_screens_filter_each_word_as_before(
    filled: Ledger, text: str, words_seen_as: str
) -> None:
    """The lists match every word typed (AND), each anywhere in the key, code or phone."""
    words = text.split()
    expect_products = sorted(
        set.intersection(*[set(_old_products(filled, w)) for w in words]) if words else set()
    )
    expect_parties = sorted(
        set.intersection(*[set(_old_parties(filled, w)) for w in words]) if words else set()
    )
    if words:
        assert _list_codes(filled, lists.PRODUCTS, text) == expect_products
        assert _list_codes(filled, lists.CUSTOMERS, text) == expect_parties


def _index_agrees(path: Path) -> None:
    """Every run of three characters of every key finds, through the index, exactly the
    rows whose key holds it; and the index holds one entry per row."""
    conn = sqlite3.connect(path)
    try:
        for table in ("product", "party"):
            keys = dict(conn.execute(f"SELECT rowid, search_key FROM {table}").fetchall())
            fts = f"{table}_search"
            (indexed,) = conn.execute(
                f"SELECT COUNT(*) FROM {fts}_docsize"
            ).fetchone()  # one size per indexed row
            assert indexed == len(keys)
            runs = {k[i : i + 3] for k in keys.values() for i in range(len(k) - 2)}
            for run in sorted(runs):
                phrase = '"' + run.replace('"', '""') + '"'
                got = {
                    r[0]
                    for r in conn.execute(f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?", (phrase,))
                }
                assert got == {r for r, k in keys.items() if run in k}, (table, run)
    finally:
        conn.close()


def test_the_index_follows_creates_updates_and_archiving(filled: Ledger) -> None:
    _index_agrees(filled.path)
    with filled.unit() as uow:
        p = products.find_products(uow.session, "000123")[0]
        products.update_product(uow, p.id, name="六角螺栓", spec="M8")
        c = parties.find_parties(uow.session, "C003")[0]
        parties.update_party(uow, c.id, name="赵六灯饰")
        q = products.find_products(uow.session, "Z9")[0]
        products.update_product(uow, q.id, archived=True)
    _index_agrees(filled.path)
    assert _found(filled, "lsls") == ([], [])
    assert _found(filled, "ljls")[0] == ["000123"]  # 六角螺栓
    assert _found(filled, "zlds")[1] == ["C003"]
    assert _found(filled, "李四")[1] == []
    assert "Z9" not in _found(filled, "zhangsan")[0]  # archived: out of the lookups


def test_the_index_follows_an_import_and_its_undo(ledger: Ledger, tmp_path: Path) -> None:
    from desktop.importing.plan import run_import
    from desktop.importing.undo import undo_batch

    sheet = tmp_path / "products.csv"
    lines = ["编码,名称,规格,条码,单位,零售价"]
    lines += [f"P{i:04d},冲击钻{i},{i}mm,{_ean(f'69{i:010d}')},台,100" for i in range(300)]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run_import(ledger, sheet, kind="product")
    assert report.batch_id is not None and report.aborted is None, report.summary("en")
    _index_agrees(ledger.path)
    with ledger.read() as s:
        assert [p.code for p in products.find_products(s, "cjz12", limit=5)] == [
            "P0012",
            "P0120",
            "P0121",
            "P0122",
            "P0123",
        ]
    undo_batch(ledger, str(report.batch_id))
    _index_agrees(ledger.path)
    with ledger.read() as s:
        assert products.find_products(s, "冲击钻") == []


def test_the_index_follows_sync_apply(ledger_path: Path, tmp_path: Path) -> None:
    """A product and a customer made at one desk are found at the other after sync."""
    import shutil

    from sqlalchemy import update

    from desktop.models import OutboxEntry
    from desktop.services.desks import set_desk
    from desktop.sync.apply import apply_mutations
    from desktop.sync.outbox import next_batch

    opened: list[Any] = []
    for name, desk in (("server", "S"), ("a", "A")):
        path = tmp_path / f"{name}.zhangfang"
        shutil.copyfile(ledger_path, path)
        copy = Ledger.open(path, actor=name)
        with copy.session() as session:
            session.execute(update(OutboxEntry).values(state="applied"))
            session.commit()
        set_desk(copy, desk)
        opened.append(copy)
    server, desk_a = opened
    try:
        with desk_a.unit() as uow:
            made = products.create_product(
                uow, code="S-1", name="电焊机", base_unit="台", retail_price="1.00"
            )
            parties.create_party(uow, code="S-C", name="钱七焊材")
            products.update_product(uow, made.id, name="逆变电焊机")
        with desk_a.read() as s:
            batch = next_batch(s, desk_a.desk, limit=100)
        apply_mutations(server, batch.desk, batch.mutations)
        _index_agrees(server.path)
        assert _found(server, "nbdhj")[0] == ["S-1"]
        assert _found(server, "qqhc")[1] == ["S-C"]
    finally:
        for copy in opened:
            copy.close()


@pytest.mark.parametrize("text", QUERIES)
def test_the_type_ahead_rows_are_the_lookups_in_the_same_order(
    filled: Ledger, text: str, words_seen_as: str
) -> None:
    """What the order editor's lists show (``find_product_rows`` / ``find_party_rows``,
    columns without ORM objects) is what ``find_products`` / ``find_parties`` find."""
    with filled.read() as s:
        assert [r.code for r in products.find_product_rows(s, text)] == [
            p.code for p in products.find_products(s, text)
        ]
        for role in ("customer", "supplier", None):
            assert [(r.id, r.code, r.name, r.phone, r.ship_to) for r in parties.find_party_rows(
                s, text, role=role
            )] == [
                (p.id, p.code, p.name, p.phone, p.ship_to)
                for p in parties.find_parties(s, text, role=role)
            ]  # fmt: skip


def test_the_editors_lists_worked_out_by_hand(filled: Ledger) -> None:
    from desktop.editing.catalog import Catalog

    catalog = Catalog(filled)
    labels = [label for label, _id in catalog.find_products("luosi")]
    assert labels == ["000123  不锈钢螺丝  M6×20", "000125  螺丝刀  十字 PH2"]
    assert [label for label, _ in catalog.find_products("ＦＷ")] == ["ＦＷ01  全角ＡＢＣ扳手  ＸＬ"]
    assert [label for label, _ in catalog.find_products("69")] == [
        "000123  不锈钢螺丝  M6×20",  # barcodes 69…, by code
        "000124  不锈钢螺母  M6",
        "000125  螺丝刀  十字 PH2",
        "a-101  公牛插座  十孔 3m",
    ]
    found = catalog.find_parties("zs", "customer")
    assert [label for label, _ in found] == [
        "C001  张三五金  13800138000",
        "C002  张珊建材商行  13912345678",
    ]  # not C006 Zhang San Trading: its key is "zhangsantrading", no "zs" in it
    assert found[0][1].name == "张三五金" and found[0][1].phone == "13800138000"
    assert catalog.find_parties("张", "customer")[0][0].startswith("C001")
    assert catalog.find_products("不存在的东西") == []
