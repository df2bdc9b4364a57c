"""The firm's profile changes after the first run: ``zhangfang firm --set`` and the core."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from desktop.cli.main import main
from desktop.services.ledger import Ledger
from tests.replay import assert_same_books, replay_into_empty


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ledger_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    monkeypatch.setenv("ZHANGFANG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ZHANGFANG_LANG", "zh")
    path = tmp_path / "a.zhangfang"
    assert run(capsys, "init", "--firm", "宁波海曙五金商行", "--ledger", str(path))[0] == 0
    return path


def test_set_fields_by_key_or_chinese_name(capsys, ledger_path: Path, tmp_path: Path) -> None:
    code, out, err = run(
        capsys,
        "firm",
        "--ledger",
        str(ledger_path),
        "--set",
        "电话=0574-8765 4321",
        "--set",
        "税号=91330203ma2abc",
        "--set",
        "bank=中国银行宁波海曙支行",
        "--set",
        "name=宁波海曙五金有限公司",
    )
    assert code == 0, err
    assert "电话：0574-8765 4321" in out and "纳税人识别号：91330203MA2ABC" in out
    code, out, _ = run(capsys, "firm", "--ledger", str(ledger_path), "--json")
    profile = json.loads(out)
    assert profile["name"] == "宁波海曙五金有限公司" and profile["bank"] == "中国银行宁波海曙支行"
    # the change is an intent another copy of the ledger applies the same way
    ledger = Ledger.open(ledger_path)
    try:
        replay_into_empty(ledger, tmp_path / "copy.zhangfang")
    finally:
        ledger.close()
    assert_same_books(ledger_path, tmp_path / "copy.zhangfang")


def test_logo_is_kept_beside_the_ledgers(capsys, ledger_path: Path, tmp_path: Path) -> None:
    picture = tmp_path / "pictures" / "标志.png"
    picture.parent.mkdir()
    Image.new("RGB", (40, 40), "red").save(picture)
    code, _out, err = run(capsys, "firm", "--ledger", str(ledger_path), "--set", f"logo={picture}")
    assert code == 0, err
    kept = Path(
        json.loads(run(capsys, "firm", "--ledger", str(ledger_path), "--json")[1])["logo_path"]
    )
    assert (
        kept.exists()
        and kept.parent == tmp_path / "home"
        and kept.read_bytes() == picture.read_bytes()
    )
    picture.unlink()  # the original may go: the printouts use the kept copy
    assert kept.exists()


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("bogus=1", "没有“bogus”这一项"),
        ("name=", "公司名称不能为空"),
        ("logo=/etc/hostname", "标志须是"),
        ("电话", "--set 要写成 字段=值"),
        ("电话=020\x00123", ""),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(
    capsys, ledger_path: Path, setting: str, message: str
) -> None:
    before = run(capsys, "firm", "--ledger", str(ledger_path), "--json")[1]
    code, _out, err = run(
        capsys, "firm", "--ledger", str(ledger_path), "--set", "地址=某处", "--set", setting
    )
    assert code == 1 and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert run(capsys, "firm", "--ledger", str(ledger_path), "--json")[1] == before
