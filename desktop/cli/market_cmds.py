"""``zhangfang market``: publish products on the firm's marketplace, see what buyers see,
and answer what buyers sent (the inbox: accept or decline a buyer, decline a draft)."""

from __future__ import annotations

import argparse
import uuid
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from desktop.cli.output import emit_json, language, say, table
from desktop.errors import ValidationError
from desktop.labels import BUYER_STATUS, KIND, STOCK_LEVEL, name
from desktop.money import fmt_money, fmt_qty
from desktop.services import market
from desktop.services.documents import get_document
from desktop.services.ledger import Ledger
from desktop.services.market_inbox import (
    inbox_drafts,
    local_time,
    pending_buyers,
    published_rows,
)
from desktop.services.parties import get_party
from desktop.services.products import get_product


def _buyer_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError as exc:
        raise ValidationError(
            "bad_buyer_id",
            f"买家编号不对：{text}（用 zhangfang market inbox 查看）。",
            f"Not a buyer id: {text} (see zhangfang market inbox).",
        ) from exc


def _change(ledger: Ledger, action: str, args: argparse.Namespace) -> str:
    """Make the change; returns what to tell the user (zh/en joined by a tab)."""
    with ledger.unit() as uow:
        session = uow.session
        if action in ("publish", "unpublish"):
            product = get_product(session, args.code)
            if action == "unpublish":
                market.unpublish(uow, product.id)
                return f"{product.code} 已下架。\t{product.code} is off the marketplace."
            market.publish(
                uow,
                product.id,
                title=args.title,
                spec=args.spec,
                show_stock=args.show,
                safety_buffer=args.buffer,
            )
            return f"{product.code} 已发布到网店。\t{product.code} is on the marketplace."
        if action == "accept-buyer":
            party = get_party(session, args.customer).id if args.customer else None
            buyer = market.accept_buyer(uow, _buyer_id(args.buyer), party)
            who = buyer.party.name if buyer.party else ""
            return f"已接受买家 {buyer.name}，客户：{who}。\tAccepted {buyer.name} as {who}."
        if action == "decline-buyer":
            buyer = market.decline_buyer(uow, _buyer_id(args.buyer), args.reason or "")
            return f"已拒绝买家 {buyer.name}。\tDeclined buyer {buyer.name}."
        doc = get_document(session, args.number)
        market.decline(uow, doc.id, args.reason or "")
        return f"已婉拒 {doc.number}。\tDeclined {doc.number}."


def market_cmd(args: argparse.Namespace) -> int:
    from desktop.cli.ledger_cmds import open_ledger

    action = args.market_action or "list"
    ledger = open_ledger(args)
    try:
        if action not in ("list", "inbox"):
            zh, en = _change(ledger, action, args).split("\t")
            if args.json:
                emit_json({"ok": True, "message": zh if language() == "zh" else en})
            else:
                say(zh, en)
            return 0
        with ledger.read() as session:
            if action == "list":
                _list(published_rows(session), args.json)
            else:
                _inbox(session, args.json)
    finally:
        ledger.close()
    return 0


def _list(rows: list[market.CatalogRow], as_json: bool) -> None:
    lang = language()
    if as_json:
        emit_json({"products": [_catalog_json(r) for r in rows]})
        return
    if not rows:
        say(
            "还没有发布任何商品：用 zhangfang market publish 编码 发布。",
            "Nothing is published yet: publish with zhangfang market publish CODE.",
        )
        return
    zh = lang == "zh"
    table(
        ["编码", "网店名称", "规格", "起订量", "可订", "显示"]
        if zh
        else ["Code", "Title", "Spec", "MOQ", "Available", "Shown as"],
        [
            [
                r.code,
                r.title,
                r.spec,
                fmt_qty(r.moq),
                f"{fmt_qty(r.availability.figure)} {r.base_unit}",
                fmt_qty(r.availability.figure)
                if r.availability.shown == "figure"
                else name(STOCK_LEVEL, r.availability.level, lang),
            ]
            for r in rows
        ],
        right={3, 4},
    )


def _num(value: Decimal) -> str:
    """A quantity as people write it: 10, not 10.0000."""
    return format(value.normalize(), "f")


def _catalog_json(row: market.CatalogRow) -> dict[str, Any]:
    return {
        "product_id": row.product_id,
        "code": row.code,
        "title": row.title,
        "spec": row.spec,
        "category": row.category,
        "base_unit": row.base_unit,
        "pack_units": [{"unit": u, "factor": _num(f)} for u, f in row.pack_units],
        "tiers": [{"min_qty": _num(q), "price": _num(p)} for q, p in row.tiers],
        "moq": _num(row.moq),
        "available": _num(row.availability.figure),
        "level": row.availability.level,
        "shown": row.availability.shown,
        "pictures": len(row.picture_shas),
        "version": row.version,
    }


def _inbox(session: Any, as_json: bool) -> None:
    lang = language()
    drafts = inbox_drafts(session)
    buyers = pending_buyers(session)
    if as_json:
        emit_json({"drafts": [asdict(d) for d in drafts], "buyers": [asdict(b) for b in buyers]})
        return
    if not drafts and not buyers:
        say("网店没有待处理的询价、订单或买家。", "Nothing from the marketplace is waiting.")
        return
    zh = lang == "zh"
    if drafts:
        table(
            ["单号", "类型", "买家", "客户", "行数", "金额", "收到时间"]
            if zh
            else ["Number", "Kind", "Buyer", "Customer", "Lines", "Total", "Received"],
            [
                [
                    d.number,
                    name(KIND, d.kind, lang),
                    d.buyer,
                    d.customer or ("（待接受）" if zh else "(not accepted)"),
                    str(d.lines),
                    fmt_money(d.total),
                    local_time(d.received_at),
                ]
                for d in drafts
            ],
            right={4, 5},
        )
    if buyers:
        print()
        table(
            ["买家编号", "姓名", "公司", "电话", "邮箱", "待处理单据", "状态"]
            if zh
            else ["Buyer id", "Name", "Company", "Phone", "Email", "Drafts", "State"],
            [
                [
                    str(b.id),
                    b.name,
                    b.company,
                    b.phone,
                    b.email,
                    str(b.drafts),
                    name(BUYER_STATUS, "pending", lang),
                ]
                for b in buyers
            ],
        )


def register(sub: Any, common: argparse.ArgumentParser, parse_date: Any) -> None:
    """Add ``market``."""
    p = sub.add_parser(
        "market",
        parents=[common],
        help="the firm's marketplace: publish products, the inbox of buyers' requests",
        description="zhangfang market [list | publish CODE [--title T --spec S --buffer N "
        "--show figure|level] | unpublish CODE | inbox | accept-buyer ID [--customer CODE] | "
        "decline-buyer ID --reason R | decline NUMBER --reason R]",
    )
    p.set_defaults(handler=market_cmd, market_action=None)
    actions = p.add_subparsers(dest="market_action", parser_class=type(p))
    actions.add_parser("list", parents=[common], help="published products as buyers see them")
    actions.add_parser("inbox", parents=[common], help="drafts from buyers and pending buyers")
    a = actions.add_parser("publish", parents=[common], help="publish a product (or change it)")
    a.add_argument("code")
    a.add_argument("--title", help="the name buyers see (default: the product's)")
    a.add_argument("--spec", help="the spec buyers see (default: the product's)")
    a.add_argument("--buffer", help="safety stock kept back from buyers, in base units")
    a.add_argument("--show", choices=["figure", "level"], help="show the quantity or a level")
    a = actions.add_parser("unpublish", parents=[common], help="take a product off")
    a.add_argument("code")
    a = actions.add_parser("accept-buyer", parents=[common], help="accept a buyer as a customer")
    a.add_argument("buyer", metavar="ID")
    a.add_argument("--customer", help="an existing customer (code or name); default: a new one")
    a = actions.add_parser("decline-buyer", parents=[common], help="decline a buyer")
    a.add_argument("buyer", metavar="ID")
    a.add_argument("--reason", required=True, help="why (the buyer sees it)")
    a = actions.add_parser("decline", parents=[common], help="decline a buyer's inquiry or order")
    a.add_argument("number")
    a.add_argument("--reason", required=True, help="why (the buyer sees it)")
