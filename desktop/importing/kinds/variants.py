"""Style codes repeated by size and colour (shoes, clothing): one product per variant.

A product is one stocked thing with one code (``Product.code`` is unique, and documents,
stock and prices hang on it), so a shoe in size 42 and size 43 are two products. A file
that lists a style code once per size therefore does not describe one product many times:
each row is a variant, coded ``<style>-<colour>-<size>`` (``X100-42``, ``X100-黑-42``),
with colour and size added to its 规格 so lists and documents show them. The rule is
applied when the file has a size or colour column, and, without one, when one code repeats
with the same name and only a different 规格 (``X100`` in 38, 39, 40 → ``X100-38``...).
The codes depend only on the file, so a second run finds the products the first made.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from desktop.importing.matching import normalize_code, normalize_name
from desktop.importing.rows import Issue, Row

#: the fields that tell variants of one style apart, in the order they join the code
VARIANT_FIELDS = ("color", "size")


def variant_code(values: dict[str, Any]) -> str | None:
    """The code of the variant a row with a style ``code`` and a colour or size names
    (``X100-黑-42``), None when it names no variant. A sales or purchase history line that
    creates a product codes it by this rule too, so the product list finds it."""
    parts = [str(values[k]) for k in VARIANT_FIELDS if values.get(k)]
    if not parts or not values.get("code"):
        return None
    return "-".join([values["code"], *parts])


def variant_codes(rows: list[Row]) -> Issue | None:
    """Give each variant row its own code (in ``row.values``); the file-level note saying so,
    with an example, or None when the file has no variants."""
    example = ""
    for row in rows:
        code = variant_code(row.values) if row.ok else None
        if code is not None:
            row.values["code"] = code
            example = example or code
    by_code: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.ok and row.values.get("code") and not any(row.values.get(k) for k in VARIANT_FIELDS):
            by_code[normalize_code(row.values["code"])].append(row)
    for group in by_code.values():
        specs = {r.values.get("spec") or "" for r in group}
        names = {normalize_name(r.values.get("name")) for r in group}
        if len(group) < 2 or len(specs) < 2 or len(names) != 1:
            continue
        for row in group:
            if row.values.get("spec"):
                row.values["code"] = f"{row.values['code']}-{row.values['spec']}"
                example = example or row.values["code"]
    if not example:
        return None
    return Issue(
        f"同一款号有不同的颜色/尺码/规格：每种作为一个商品，编码为款号加颜色、尺码或规格（如 {example}）。",
        f"One style code comes in several colours/sizes/specs: each is a product of its own, "
        f"coded style-colour-size (e.g. {example}).",
    )
