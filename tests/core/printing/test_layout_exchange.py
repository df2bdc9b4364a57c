"""Layouts between ledgers: a file exported from one shop and imported into another prints
the same; a crafted file is refused with nothing stored; a layout saved at one desk reaches
every copy through sync, and when two desks change it offline the last to reach the server
wins on every copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.models import OutboxEntry, PrintLayout
from desktop.printing import jobs
from desktop.printing.layouts import default_layout
from desktop.printing.paper import PAPERS
from desktop.services.ledger import Ledger
from desktop.services.print_layouts import (
    export_layout,
    get_layout,
    import_layout,
    reset_layout,
    save_layout,
)
from desktop.sync.intents import replay
from desktop.sync.outbox import outgoing_args
from tests.core.printing.layout_samples import three_part
from tests.core.printing.printing_ledger import set_up
from tests.core.printing.printing_pdftools import needs_poppler, page_count, page_texts
from tests.core.test_sync_apply import Hub, _copy


def _print_text(
    ledger: Ledger, number: str, out: Path, paper: str, layout: str | None
) -> list[str]:
    setup = jobs.printer_setup(ledger, PAPERS[paper])
    jobs.print_document(ledger, number, out, setup, record=False, layout=layout)
    return page_texts(out)


@needs_poppler
def test_a_layout_exported_from_one_ledger_prints_the_same_in_another(
    _template_ledger: Path, tmp_path: Path
) -> None:
    paths = [tmp_path / "shop1.zhangfang", tmp_path / "shop2.zhangfang"]
    for p in paths:
        shutil.copyfile(_template_ledger, p)
    one, two = (Ledger.open(p, actor="tester") for p in paths)
    try:
        bills = [set_up(one).bill, set_up(two).bill]
        assert bills[0] == bills[1]
        with one.unit() as uow:
            save_layout(uow, three_part("sales_bill", "c241x93"))
        with one.read() as session:
            exported = export_layout(session, "sales_bill", "c241x93", "三联")
        (tmp_path / "三联.json").write_text(exported, encoding="utf-8")
        with two.unit() as uow:
            import_layout(uow, (tmp_path / "三联.json").read_bytes())
        with two.read() as session:
            assert get_layout(session, "sales_bill", "c241x93", "三联") == three_part(
                "sales_bill", "c241x93"
            )
        first = _print_text(one, bills[0], tmp_path / "1.pdf", "c241x93", "三联")
        second = _print_text(two, bills[1], tmp_path / "2.pdf", "c241x93", "三联")
        assert first == second and len(first) == page_count(tmp_path / "2.pdf") >= 3
        assert (tmp_path / "1.pdf").read_bytes() != b""
    finally:
        one.close()
        two.close()


def test_a_crafted_file_is_refused_and_nothing_is_stored(ledger, tmp_path: Path) -> None:
    with ledger.unit() as uow:
        save_layout(uow, three_part("sales_bill", "a4"))
    with ledger.read() as session:
        export_text = export_layout(session, "sales_bill", "a4", "三联")
    with ledger.unit() as uow:
        reset_layout(uow, "sales_bill", "a4", "三联")
    good = export_text.encode("utf-8")
    crafted = good.replace(b'"tint": "pink"', b'"tint": "url(javascript:1)"')
    data = json.loads(good)
    data["body"]["columns"][0]["width_mm"] = 900
    too_wide = json.dumps(data).encode()
    assert crafted != good
    for raw in (crafted, good[: len(good) // 2], too_wide):
        with pytest.raises(ValidationError) as info, ledger.unit() as uow:
            import_layout(uow, raw)
        assert "没有导入" in info.value.zh or info.value.code.startswith("layout")
    with ledger.read() as session:
        assert session.scalar(select(func.count()).select_from(PrintLayout)) == 0
    with ledger.unit() as uow:
        row = import_layout(uow, good, name="给分店")
        assert (row.name, row.version) == ("给分店", 1)


def test_replaying_the_outbox_gives_the_same_layouts(ledger, ledger_path, tmp_path: Path) -> None:
    with ledger.unit() as uow:
        save_layout(uow, three_part("sales_bill", "a4"))
    with ledger.unit() as uow:
        save_layout(uow, default_layout("delivery", "c241x140").with_(rows_per_page=4))
    with ledger.unit() as uow:
        save_layout(uow, three_part("sales_bill", "a4").with_(footer_text="第二版"))
    with ledger.unit() as uow:
        save_layout(uow, default_layout("quote", "a4").with_(logo=False))
    with ledger.unit() as uow:
        reset_layout(uow, "quote", "a4")
    with ledger.read() as session:
        intents = [
            (e.intent, outgoing_args(session, e.intent, e.args), e.actor)
            for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        ]
    copy = Ledger.open(tmp_path / "copy.zhangfang", create=True, actor="copy")
    try:
        replay(copy, intents, "A")
        assert _layouts(copy) == _layouts(ledger)
        assert _layouts(copy)[("sales_bill", "a4", "三联")][1] == 2  # two saves: version 2
        assert ("quote", "a4", "默认") not in _layouts(copy)
    finally:
        copy.close()


def _layouts(ledger: Ledger) -> dict[tuple[str, str, str], tuple[dict, int, str]]:
    with ledger.read() as session:
        return {
            (r.kind, r.paper, r.name): (r.body, r.version, str(r.id))
            for r in session.scalars(select(PrintLayout))
        }


def test_two_desks_change_a_layout_offline_and_every_copy_ends_alike(
    ledger_path: Path, tmp_path: Path
) -> None:
    opened = [
        _copy(ledger_path, tmp_path, name, desk)
        for name, desk in (("server", "S"), ("a", "A"), ("b", "B"))
    ]
    hub, a, b = Hub(opened[0]), opened[1], opened[2]
    try:
        with a.unit() as uow:
            save_layout(uow, default_layout("sales_bill", "a4").with_(footer_text="甲的版式"))
        with b.unit() as uow:
            save_layout(uow, default_layout("sales_bill", "a4").with_(footer_text="乙的版式"))
        hub.sync(a, b)  # a reaches the server first, then b: b's layout wins everywhere
        seen = [_layouts(x) for x in (hub.ledger, a, b)]
        assert seen[0] == seen[1] == seen[2]
        assert seen[0][("sales_bill", "a4", "默认")][0]["footer_text"] == "乙的版式"
        with a.unit() as uow:
            reset_layout(uow, "sales_bill", "a4")
        hub.sync(a, b)
        assert _layouts(hub.ledger) == _layouts(a) == _layouts(b) == {}
    finally:
        for x in opened:
            x.close()
