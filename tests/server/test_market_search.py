"""The catalog projection and its search (issue 17), on SQLite and PostgreSQL: rows from the
core's ``CatalogRow`` written, hidden when the ledger stops listing them, found by a
substring of the title, spec, code, category or pinyin (short and long terms, common and
rare), in code order and by pages; only the firm's own published products."""

from __future__ import annotations

import os
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.search_keys import search_key
from desktop.services.market import Availability, CatalogRow
from marketplace import catalog
from marketplace.accounts import create_firm
from marketplace.context import Server
from marketplace.models import CatalogItem
from marketplace.settings import Settings


def row(
    code: str, title: str, spec: str = "", category: str = "紧固件", **more: object
) -> CatalogRow:
    values: dict[str, object] = {
        "product_id": uuid.uuid4(),
        "code": code,
        "title": title,
        "spec": spec,
        "category": category,
        "base_unit": "个",
        "pack_units": [("个", Decimal(1)), ("箱", Decimal("24.000"))],
        "tiers": [(Decimal(0), Decimal("1.0000")), (Decimal(100), Decimal("0.8000"))],
        "moq": Decimal("0.0000"),
        "availability": Availability(figure=Decimal("90.0000"), level="in", shown="figure"),
        "picture_shas": [],
        "search_text": search_key(title, spec, code, category),
        "published": True,
        "version": 1,
    }
    values.update(more)
    return CatalogRow(**values)  # type: ignore[arg-type]


@pytest.fixture
def server(tmp_path: Path, db_url: str) -> Server:
    made = Server(Settings(data=tmp_path / "data", db_url=db_url))
    create_firm(made, "acme", "顶好商行", "老板", "password-1")
    create_firm(made, "other", "别家", "boss", "password-1")
    yield made  # type: ignore[misc]
    made.close()


def firm_id(server: Server, code: str) -> uuid.UUID:
    from marketplace.accounts import find_firm

    with server.db.read() as session:
        firm = find_firm(session, code)
        assert firm is not None
        return firm.id


def write(
    server: Server, firm: uuid.UUID, rows: list[CatalogRow], asked: set[uuid.UUID] | None
) -> None:
    with server.db.write() as session:
        catalog.write_rows(session, firm, rows, asked)


def codes(
    server: Server,
    firm: uuid.UUID,
    query: str = "",
    category: str = "",
    offset: int = 0,
    limit: int = 50,
) -> list[str]:
    with server.db.read() as session:
        return [i.code for i in catalog.search(session, firm, query, category, offset, limit).items]


def test_search_by_name_spec_code_category_and_pinyin(server: Server) -> None:
    acme, other = firm_id(server, "acme"), firm_id(server, "other")
    rows = [
        row("0042", "六角螺栓 M8", "M8×30"),
        row("0043", "六角螺母 M8", "M8"),
        row("0044", "不锈钢平垫圈", "8mm", category="垫圈"),
        row("A-100%", "特价_螺丝", "M6"),
    ]
    write(server, acme, rows, set())
    write(server, other, [row("0042", "六角螺栓 M8 别家")], set())
    assert codes(server, acme) == ["0042", "0043", "0044", "A-100%"]
    assert codes(server, acme, "螺栓") == ["0042"]  # two characters
    assert codes(server, acme, "六角螺") == ["0042", "0043"]  # three: the trigram index
    assert codes(server, acme, "m8×30") == ["0042"]
    assert codes(server, acme, "ljlm") == ["0043"]  # pinyin initials of 六角螺母
    assert codes(server, acme, "liujiao") == ["0042", "0043"]
    assert codes(server, acme, "六角 m8") == ["0042", "0043"]  # every word
    assert codes(server, acme, "0044") == ["0044"]
    assert codes(server, acme, "", category="垫圈") == ["0044"]
    assert codes(server, acme, "100%") == ["A-100%"]  # LIKE's wildcards are plain text
    assert codes(server, acme, "特价_") == ["A-100%"]
    assert codes(server, acme, "%") == ["A-100%"]
    assert codes(server, acme, "不存在的东西") == []
    with server.db.read() as session:
        assert catalog.categories(session, acme) == ["垫圈", "紧固件"]
        # another firm's product: not this firm's
        theirs = catalog.search(session, other, "螺栓").items[0].product_id
        assert catalog.item(session, acme, theirs) is None


def test_values_are_kept_plain_and_unlisted_products_hidden(server: Server) -> None:
    acme = firm_id(server, "acme")
    bolt, nut = row("0042", "六角螺栓"), row("0043", "六角螺母")
    write(server, acme, [bolt, nut], set())
    with server.db.read() as session:
        item = catalog.item(session, acme, bolt.product_id)
        assert item is not None
        assert (item.avail_figure, item.moq, item.tiers, item.pack_units) == (
            "90",
            "0",
            [["0", "1"], ["100", "0.8"]],
            [["个", "1"], ["箱", "24"]],
        )
    # the ledger says the nut is unpublished now; asked about the bolt and a product it
    # no longer lists at all: the bolt is hidden
    write(
        server,
        acme,
        [row("0043", "六角螺母", product_id=nut.product_id, published=False)],
        {nut.product_id, bolt.product_id},
    )
    assert codes(server, acme) == []
    # a whole refresh: only what the ledger lists is shown
    write(server, acme, [row("0042", "六角螺栓", product_id=bolt.product_id)], None)
    assert codes(server, acme) == ["0042"]
    with server.db.read() as session:
        assert session.query(CatalogItem).count() == 2  # rows are hidden, not duplicated


def test_pages_and_common_and_rare_terms(server: Server) -> None:
    acme = firm_id(server, "acme")
    rows = [row(f"P{n:04d}", f"{'镀锌' if n % 2 else '不锈钢'}螺栓 {n}") for n in range(2300)]
    rows.append(row("Z0001", "吊环螺栓 M30"))
    write(server, acme, rows, set())
    first = codes(server, acme, "不锈钢", limit=20)
    assert first == [f"P{n:04d}" for n in range(0, 40, 2)]
    assert codes(server, acme, "不锈钢", offset=20, limit=5) == [
        f"P{n:04d}" for n in range(40, 50, 2)
    ]
    with server.db.read() as session:
        assert catalog.search(session, acme, "不锈钢", limit=2000).more is False
        assert catalog.search(session, acme, "不锈钢", limit=1000).more is True
    # rare: found through the full-text matches (SQLite) or the trigram index (PostgreSQL)
    assert codes(server, acme, "吊环螺栓") == ["Z0001"]
    assert codes(server, acme, "吊环 m30") == ["Z0001"]
    assert codes(server, acme, "螺栓 1299") == ["P1299"]


def test_a_whole_refresh_from_the_firm_ledger_on_the_command_line(tmp_path: Path) -> None:
    """``zhangfang-server market refresh``: what the firm's ledger publishes, projected."""
    import subprocess
    import sys

    from desktop.services import market, products
    from tests.server.conftest import REPO

    data = tmp_path / "data"
    made = Server(Settings(data=data))
    try:
        create_firm(made, "acme", "顶好商行", "老板", "password-1")
        ledger = made.ledgers.firm_ledger(firm_id(made, "acme"))
        with ledger.unit() as uow:
            bolt = products.create_product(uow, code="0042", name="六角螺栓", base_unit="个")
            market.publish(uow, bolt.id)
            hidden = products.create_product(uow, code="0043", name="未上架", base_unit="个")
            market.publish(uow, hidden.id, published=False)
    finally:
        made.close()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "marketplace",
            "market",
            "refresh",
            "--data",
            str(data),
            "--firm",
            "acme",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "2 products" in done.stdout
    again = Server(Settings(data=data))
    try:
        assert codes(again, firm_id(again, "acme")) == ["0042"]
        assert codes(again, firm_id(again, "acme"), "liujiao") == ["0042"]
    finally:
        again.close()
    unknown = subprocess.run(
        [
            sys.executable,
            "-m",
            "marketplace",
            "market",
            "refresh",
            "--data",
            str(data),
            "--firm",
            "nope",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert (
        unknown.returncode == 1 and "nope" in unknown.stderr and "Traceback" not in unknown.stderr
    )


def test_short_terms_rare_and_common_through_the_index(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Terms of one or two characters: a common one meets its page in the first rows of
    the walk; a rare one, past the walk's window, comes from the index (SQLite: the
    trigrams it begins; PostgreSQL: the short pieces' index), wherever it sits in the
    text, the last characters included; never a walk of the whole catalog."""
    monkeypatch.setattr(catalog, "WALK", 40)  # a small window: the index must answer
    acme, other = firm_id(server, "acme"), firm_id(server, "other")
    rows = [
        row(f"P{n:04d}", f"{'镀锌' if n % 2 else '不锈钢'}螺栓 {n}", category="紧固件")
        for n in range(300)
    ]
    rows += [
        row("Q0001", "吊环螺栓", "M30"),  # 吊环 only here
        row("Q0002", "合页", "铜", category="门窗"),  # 铜 (spec) only here; 门窗 its category
        row("Q0003", "拉手 xq", category="门窗"),  # xq only here, at the title's end
    ]
    write(server, acme, rows, set())
    write(server, other, [row("Q0001", "吊环 别家")], set())
    assert codes(server, acme, "吊环") == ["Q0001"]
    assert codes(server, acme, "铜") == ["Q0002"]
    assert codes(server, acme, "xq") == ["Q0003"]
    assert codes(server, acme, "窗") == ["Q0002", "Q0003"]  # the category's last character
    assert codes(server, acme, "窗", category="门窗") == ["Q0002", "Q0003"]
    assert codes(server, acme, "窗", category="紧固件") == []
    assert codes(server, acme, "lz") == []  # 拉手's initials are ls
    assert codes(server, acme, "zz") == []
    assert codes(server, acme, "吊环 m30") == ["Q0001"]
    assert codes(server, acme, "螺栓 7") == [f"P{n:04d}" for n in range(300) if "7" in str(n)][:50]
    # the same term on the other firm: only theirs
    assert codes(server, other, "吊环") == ["Q0001"]
    assert codes(server, other, "xq") == []
    with server.db.read() as session:
        padded = session.scalars(select(CatalogItem.search_text)).first()
        assert padded is not None and padded.endswith(catalog.PAD)


@pytest.mark.parametrize("path", ["walk", "index"])
def test_pages_by_keyset_without_counting(
    server: Server, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Found.next`` names the page's last row: the next page starts after it, through
    the walk and through the index's few matches, with a category too."""
    if path == "index":  # a small window, and every word rare enough for the index
        monkeypatch.setattr(catalog, "WALK", 30)
        monkeypatch.setattr(catalog, "REACH", 1)
    acme = firm_id(server, "acme")
    rows = [
        row(f"P{n:04d}", f"{'镀锌' if n % 3 else '吊环'}螺栓 {n}", category="甲" if n % 2 else "乙")
        for n in range(500)
    ]
    write(server, acme, rows, set())

    def pages(query: str, category: str = "", size: int = 40) -> list[str]:
        seen: list[str] = []
        after = ""
        with server.db.read() as session:
            while True:
                found = catalog.search(session, acme, query, category, 0, size, after)
                seen += [i.code for i in found.items]
                if not found.more:
                    assert found.next == ""
                    return seen
                after = found.next

    expected = [f"P{n:04d}" for n in range(500) if n % 3 == 0]
    assert pages("吊环") == expected
    assert pages("吊环螺栓") == expected
    assert pages("吊环", "乙") == [c for c in expected if int(c[1:]) % 2 == 0]
    assert pages("", size=120) == [f"P{n:04d}" for n in range(500)]
    with server.db.read() as session:  # a cursor nobody made: from the start
        assert [i.code for i in catalog.search(session, acme, "", "", 0, 2, "???").items] == [
            "P0000",
            "P0001",
        ]
