"""Which row of a file speaks for each customer, supplier or product: the first one wins.

A list often names one record on several rows (a code typed twice, a style code on each
size). The first row that matches (or creates) a record claims it; a later row meaning the
same record is skipped, saying so on its own row: "same as row 12" when it says nothing
new, else which fields differ from row 12 and that row 12 is imported. A later row that
shares a unique key with a *different* record (another code with the same barcode or
name) is an error on that row. Either way the rest of the file imports, and because the
same rows claim the same records on every run, a second run changes nothing.

The checks the commit makes on one record (required fields, lengths, limits, units) run in
the preview through :func:`check_new` / :func:`check_update`, the very functions the
commit uses (``records.validated_record``): a clean preview never fails as a batch.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from desktop.errors import DomainError
from desktop.importing.matching import HOW_EN, HOW_ZH, Index, Match, normalize_code
from desktop.importing.rows import SKIPPED, FieldSpec, Issue, Row
from desktop.money import fmt_qty

_SHOWN = 3  # differing fields named in one message


class Claims:
    """The first row of the file that claimed each record (existing or planned)."""

    def __init__(self, fields: Sequence[FieldSpec]) -> None:
        self.labels = {f.name: (f.zh, f.en) for f in fields}
        self.codes = {f.name for f in fields if f.type == "code"}
        self.owner: dict[uuid.UUID, Row] = {}
        #: records this import plans to create (their ids are placeholders until written)
        self.planned: set[uuid.UUID] = set()
        self.clashes = 0
        #: tax ids / barcodes held for a record by a row that found it by name (``hold``)
        self.held: dict[str, Row] = {}

    def claim(self, ident: uuid.UUID, row: Row, *, planned: bool = False) -> None:
        self.owner.setdefault(ident, row)
        if planned:
            self.planned.add(ident)

    def hold(self, row: Row, match: Match, index: Index, key: str | None, unit: str | None) -> None:
        """A row that found its record by name and gives a tax id or barcode no record holds
        makes the key that record's for the rest of the run, whatever became of the row.

        A second run looks the key up before the name: had a later row of the file been let
        to create a record with this key, the second run would find that record for this row
        instead (a rename where the first run said "skipped"). Held here, the later row meets
        the first row's record on both runs, and the conflict is reported, never written."""
        if not row.ok or match.how != "name" or match.id is None or not key:
            return
        if index.with_tax(key, unit):
            return
        index.put(index.by_tax, normalize_code(key), match.id)
        self.held.setdefault(normalize_code(key), row)

    def settled(self, row: Row, match: Match, code_of: str) -> bool:
        """Whether an earlier row already speaks for the record ``match`` found; if so this
        row is settled (skipped, or an error when its code names another record).

        ``code_of`` is the code of the matched record ("" for a planned one given none)."""
        assert match.id is not None
        first = self.owner.get(match.id)
        if first is None:
            return False
        how_zh, how_en = HOW_ZH.get(match.how, match.how), HOW_EN.get(match.how, match.how)
        via = self.held.get(normalize_code(str(row.values.get(match.how) or "")))
        if via is not None and via is not first and match.how in ("tax_id", "barcode"):
            # the key came from a row that named the record otherwise: say which
            how_zh = f"{how_zh}（第 {via.excel_row} 行所填）"
            how_en = f"{how_en} (given on row {via.excel_row})"
        mine, theirs = row.values.get("code"), first.values.get("code") or code_of
        # a record planned without a code gets the next free one, never the code of this row
        if mine and normalize_code(mine) != normalize_code(theirs or ""):
            theirs = theirs or "自动编号"
            row.fail(
                f"与第 {first.excel_row} 行{how_zh}相同，但编码不同（{theirs} / {mine}）："
                f"{how_zh}只能属于一条资料，请改正其中一行。",
                f"Same {how_en} as row {first.excel_row} but a different code ({theirs} / "
                f"{mine}): a {how_en} belongs to one record; correct one of the rows.",
                None,
                match.how if match.how in self.labels else "code",
            )
            return True
        differ = differences(first.values, row.values, self.codes)
        row.outcome = SKIPPED
        row.target = None
        row.changes = {}
        if not differ and not differences(row.values, first.values, self.codes):
            row.note(
                f"与第 {first.excel_row} 行完全相同，已跳过。",
                f"Same as row {first.excel_row}; skipped.",
            )
            return True
        if not differ:  # fewer cells filled, none contradicting
            row.note(
                f"与第 {first.excel_row} 行是同一条资料（{how_zh}相同），没有别的内容，已跳过。",
                f"The same record as row {first.excel_row} (same {how_en}) with nothing more; "
                "skipped.",
            )
            return True
        self.clashes += 1
        names_zh = "、".join(self.labels.get(k, (k, k))[0] for k, _a, _b in differ[:_SHOWN])
        names_en = ", ".join(self.labels.get(k, (k, k))[1] for k, _a, _b in differ[:_SHOWN])
        shown = "；".join(
            f"{self.labels.get(k, (k, k))[0]}：{_show(a)} / {_show(b)}"
            for k, a, b in differ[:_SHOWN]
        )
        shown_en = "; ".join(
            f"{self.labels.get(k, (k, k))[1]}: {_show(a)} / {_show(b)}"
            for k, a, b in differ[:_SHOWN]
        )
        row.note(
            f"与第 {first.excel_row} 行{how_zh}相同但{names_zh}不同（{shown}）："
            f"按第 {first.excel_row} 行导入，此行跳过。",
            f"Same {how_en} as row {first.excel_row} but a different {names_en} ({shown_en}): "
            f"row {first.excel_row} is imported, this row skipped.",
            None,
            differ[0][0],
        )
        return True

    def lookalikes(self, match: Match) -> list[tuple[uuid.UUID, str, str]]:
        """The look-alikes worth flagging: records in the ledger, not ones this file plans
        (a file's own rows, such as the sizes of one shoe, are alike by design)."""
        return [n for n in match.near if n[0] not in self.planned]

    def note(self) -> Issue | None:
        """The file-level line about clashing rows, when there were any."""
        if not self.clashes:
            return None
        return Issue(
            f"{self.clashes} 行与前面某行是同一条资料但内容不同，已按先出现的一行导入，这些行跳过"
            "（各行的说明写明了哪一列不同）。",
            f"{self.clashes} {'row describes' if self.clashes == 1 else 'rows describe'} the "
            "same record as an earlier row with different details: the first row is imported "
            "and these are skipped (each row says which column differs).",
        )


def differences(
    first: dict[str, Any], later: dict[str, Any], codes: set[str] | frozenset[str] = frozenset()
) -> list[tuple[str, Any, Any]]:
    """The fields the later row fills with another value than the first row (a value where
    the first was blank too), in the order of the first row; ``codes`` compare as codes
    match (width, case)."""
    keys = list(first) + [k for k in later if k not in first]
    out = []
    for k in keys:
        a, b = first.get(k), later.get(k)
        if b is None or b == "":  # a cell left blank says nothing against the first row
            continue
        if k in codes and a and normalize_code(str(a)) == normalize_code(str(b)):
            continue
        if a != b:
            out.append((k, a, b))
    return out


def _show(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, Decimal):
        return fmt_qty(value)
    return str(value)


def check_new(row: Row, entity: str, values: dict[str, Any]) -> bool:
    """The services' checks on a new record, in the preview: False (and the row failed, in
    the service's words) when the commit would refuse it."""
    from desktop.importing.kinds.records import validated_record

    try:
        validated_record(entity, values)
    except DomainError as exc:
        row.fail(exc.zh, exc.en, None, _field(exc))
        return False
    return True


def check_update(row: Row, entity: str, base_unit: str, fields: dict[str, Any]) -> bool:
    """The services' checks on an update, in the preview (see :func:`check_new`)."""
    from desktop.importing.kinds.records import validated_update

    try:
        validated_update(entity, base_unit, fields)
    except DomainError as exc:
        row.fail(exc.zh, exc.en, None, _field(exc))
        return False
    return True


def _field(exc: DomainError) -> str | None:
    found = exc.details.get("field") if isinstance(getattr(exc, "details", None), dict) else None
    return found if isinstance(found, str) else None


def ambiguous(row: Row, match: Match, who: tuple[str, str]) -> None:
    """A key that fits several records: a conflict on this row, never a guess."""
    from desktop.importing.matching import describe_near

    zh, en = describe_near(match.near)
    how_zh, how_en = HOW_ZH.get(match.how, match.how), HOW_EN.get(match.how, match.how)
    row.fail(
        f"{how_zh}对应多条{who[0]}（{zh}），不知道是哪一条：请在文件中填写编码。",
        f"The {how_en} fits several {who[1]}s ({en}); put the code in the file.",
        None,
        "code" if match.how == "code" else match.how if match.how != "tax_id" else "tax_id",
    )


#: a record the import changes, as the index files it afterwards (code, name, tax id or
#: barcode, spec, unit), by id
Moved = dict[uuid.UUID, tuple[str, str, str, str, str]]


def settle(
    rows: list[Row],
    notes: list[Issue],
    evaluate: Callable[[Moved], None],
    moved: Callable[[], Moved],
) -> None:
    """Evaluate the rows as a second run will see the ledger.

    A row can rename a record or change its barcode; a second run finds the record under
    its new name only, so a row of the same file that names the old one must already be
    matched as it will be then. ``evaluate(assumed)`` plans the rows with the records in
    ``assumed`` filed as changed; ``moved()`` says which records the plan changes. When the
    two agree the plan stands; else it is made again with what it changed. A chain of
    renames (C1 takes C3's name, C3 takes C2's, C2 a new one) settles one link per pass, so
    passes go on while each finds something new, up to ``SETTLE_PASSES``. If it never
    settles (it comes back to what it assumed before), the plan made assuming nothing is
    kept: the commit writes it safely, though a second run may then see a changed record's
    old name free.
    """
    snapshot = [(r.outcome, list(r.errors), list(r.notes), r.target, dict(r.changes)) for r in rows]
    start = len(notes)

    def restore() -> None:
        for row, (outcome, errors, notes_, target, changes) in zip(rows, snapshot, strict=True):
            row.outcome, row.errors, row.notes = outcome, list(errors), list(notes_)
            row.target, row.changes = target, dict(changes)
        del notes[start:]

    assumed: Moved = {}
    tried: list[Moved] = []
    for _attempt in range(SETTLE_PASSES):
        evaluate(assumed)
        found = moved()
        if found == assumed:
            return
        restore()
        tried.append(assumed)
        if found in tried:
            break  # it goes round in circles
        assumed = found
    evaluate({})


#: passes :func:`settle` makes at most: a chain of renames one shorter settles
SETTLE_PASSES = 8


def planned_record(
    row: Row,
    ctx: Any,
    entity: str,
    new: dict[str, dict[str, Any]],
    key: str,
    spec: dict[str, Any],
) -> str | None:
    """The key of the customer, supplier or product a history row makes (``create_missing``),
    the first row for a code or a name winning, as for a list: a code seen with another name
    (or a party's name with another code) means the record an earlier row planned, and the
    row says so. The services' checks run on the first row for it; a record they refuse
    fails every row that needs it. None when the row failed."""
    from desktop.importing.kinds.records import validated_record
    from desktop.importing.matching import normalize_name

    firsts: dict[str, str] = ctx.state.setdefault(f"new_{entity}_keys", {})
    refused: dict[str, Issue] = ctx.state.setdefault("new_refused", {})
    claims = [f"c:{normalize_code(spec['code'])}"] if spec.get("code") else []
    if entity == "party":  # a party's name is unique too
        claims.append(f"n:{normalize_name(spec['name'])}")
    first = next((firsts[c] for c in claims if c in firsts), key)
    if first not in new:
        values = {k: v for k, v in spec.items() if v}
        if entity == "party":
            values["is_customer"] = True
        try:
            validated_record(entity, values)
        except DomainError as exc:
            refused[first] = Issue(exc.zh, exc.en)
        new[first] = spec
        for c in claims:
            firsts.setdefault(c, first)
    elif first != key:
        was = new[first]
        label = " ".join(str(x) for x in (was.get("code"), was["name"]) if x)
        row.note(
            f"本文件前面的行已新建 {label}（编码或名称相同），此行记在它名下。",
            f"An earlier row of this file creates {label} (same code or name); this line "
            "goes to it.",
        )
    if first in refused:
        row.fail(refused[first].zh, refused[first].en)
        return None
    return first


def by_strength(rows: list[Row], keys: tuple[str, ...]) -> list[Row]:
    """The rows in the order they claim records: those giving a code first, then those
    giving another key (a barcode, a tax id), then those with a name only; in file order
    within each. A second run finds by code what a later row of the first run created, so
    the first run lets that row speak first too."""

    def strength(row: Row) -> int:
        if row.values.get("code"):
            return 0
        return 1 if any(row.values.get(k) for k in keys) else 2

    return sorted(rows, key=strength)
