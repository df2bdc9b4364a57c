"""Standard input as the commands ask it: a terminal to type at, or lines a script pipes.

A program started with standard input closed (a scheduler, some CI runners) has no
``sys.stdin`` at all; it is then neither a terminal nor a line, never an internal error."""

from __future__ import annotations

import sys


def stdin_is_terminal() -> bool:
    """Whether a person can be asked at a terminal."""
    return sys.stdin is not None and sys.stdin.isatty()


def stdin_line() -> str:
    """The first line piped in, without its line ending ("" when there is none)."""
    return "" if sys.stdin is None else sys.stdin.readline().rstrip("\r\n")
