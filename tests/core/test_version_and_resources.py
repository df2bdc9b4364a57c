"""The version from one place (``desktop.__version__``) and the resources found in a frozen
bundle as in the source tree."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from desktop import __version__, resources
from desktop.cli.main import main
from desktop.printing import fonts

ROOT = Path(__file__).resolve().parents[2]


def test_zhangfang_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"zhangfang {__version__}"


def test_the_package_takes_its_version_from_desktop() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "desktop.__version__"}


def test_resources_in_the_source_tree() -> None:
    assert resources.resources_dir() == ROOT / "resources"
    assert fonts.font_path().is_file()
    for size in (16, 32, 48, 256, 1024):
        assert resources.icon_path(size).is_file()


def test_resources_in_a_frozen_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(resources.RESOURCES_ENV, raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resources_dir() == tmp_path / "resources"
    assert fonts.font_path() == tmp_path / "resources" / "fonts" / fonts.FONT_FILE
    monkeypatch.setenv(resources.RESOURCES_ENV, str(tmp_path / "elsewhere"))
    assert resources.resources_dir() == tmp_path / "elsewhere"


def test_the_icons_are_what_the_script_draws() -> None:
    """installers/make_icon.py is the icons' source: drawn again, the 32-pixel one is the same."""
    from PIL import Image, ImageChops

    sys.path.insert(0, str(ROOT / "installers"))
    try:
        import make_icon
    finally:
        sys.path.remove(str(ROOT / "installers"))
    with Image.open(resources.icon_path(32)) as shipped:
        drawn = make_icon.seal(32)
        assert ImageChops.difference(shipped.convert("RGBA"), drawn).getbbox() is None
