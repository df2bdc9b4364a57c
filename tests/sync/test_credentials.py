"""The refresh token: in a safe OS keyring, or in memory only, with the reason said."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked, NoKeyringError

from desktop.sync.credentials import (
    LOCKED_KEYRING,
    NO_KEYRING,
    PLAINTEXT_KEYRING,
    SERVICE,
    TokenStore,
    refusal,
)
from tests.sync.conftest import MemoryKeyring

URL = "https://sync.example"


def test_kept_under_the_service_and_the_desk(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore(URL + "/", "demo", "d1")
    assert store.in_keyring and store.problem is None
    store.save("tok-1")
    assert memory_keyring.items == {(SERVICE, f"{URL}|demo|d1"): "tok-1"}
    store.save("tok-2")  # a rotated token replaces the old one
    assert TokenStore(URL, "demo", "d1").load() == "tok-2"
    store.forget()
    assert memory_keyring.items == {} and store.load() is None
    store.forget()  # nothing kept: still fine


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt's plaintext file backend (only its name and module matter)."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


class EmptyChain(chainer.ChainerBackend):
    """keyring's chainer when no backend is viable."""

    backends = ()


class PlaintextInChain(chainer.ChainerBackend):
    backends = (MemoryKeyring(), PlaintextKeyring())


@pytest.mark.parametrize(
    ("backend", "problem"),
    [
        (fail.Keyring(), NO_KEYRING),
        (null.Keyring(), NO_KEYRING),
        (PlaintextKeyring(), PLAINTEXT_KEYRING),
        (EmptyChain(), NO_KEYRING),
    ],
    ids=["fail", "null", "keyrings.alt plaintext", "empty chainer"],
)
def test_unsafe_keyrings_are_refused(backend, problem, memory_keyring: MemoryKeyring) -> None:
    keyring.set_keyring(backend)
    store = TokenStore(URL, "demo", "d1")
    assert store.problem == problem and not store.in_keyring
    store.save("tok")
    assert store.load() == "tok"  # in memory, for this session only
    assert getattr(backend, "items", {}) == {}
    store.forget()
    assert store.load() is None


def test_a_chain_holding_a_plaintext_backend_is_refused() -> None:
    assert refusal(PlaintextInChain()) == PLAINTEXT_KEYRING
    assert refusal(MemoryKeyring()) is None


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the collection is locked")


class BrokenKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise NoKeyringError("no backend")


def test_a_locked_or_failing_keyring_falls_back_to_memory() -> None:
    for backend, problem in ((LockedKeyring(), LOCKED_KEYRING), (BrokenKeyring(), NO_KEYRING)):
        keyring.set_keyring(backend)
        store = TokenStore(URL, "demo", "d1")
        store.save("tok")
        assert store.problem == problem
        assert store.load() == "tok" and backend.items == {}


def test_the_reasons_are_one_plain_sentence_in_each_language() -> None:
    for problem in (NO_KEYRING, PLAINTEXT_KEYRING, LOCKED_KEYRING):
        assert problem.zh.endswith("。") and problem.zh.count("。") == 1
        assert "密码" in problem.zh and "password" in problem.en
        assert problem.en.endswith(".") and problem.en.count(". ") == 0
        assert problem.message("en") == problem.en and problem.message("zh") == problem.zh
