"""``/api/v1/auth``: enrol a desk, sign in at one, rotate and give up tokens."""

from __future__ import annotations

from fastapi import APIRouter

from marketplace import auth
from marketplace.deps import AddressDep, ServerDep
from marketplace.errors import responses
from marketplace.schemas import EnrolIn, EnrolOut, OkOut, RefreshIn, SigninIn, TokensOut

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post("/enrol", response_model=EnrolOut, responses=responses(401, 429))
def enrol(body: EnrolIn, server: ServerDep, address: AddressDep) -> EnrolOut:
    """Make a desk (a new desk code: A, B, … Z, A2 …) for this ledger; a token pair."""
    return auth.enrol(server, body, address)


@router.post("/signin", response_model=TokensOut, responses=responses(401, 403, 404, 429))
def signin(body: SigninIn, server: ServerDep, address: AddressDep) -> TokensOut:
    """A new token pair for a desk enrolled before (asked each session without a keyring)."""
    return auth.signin(server, body, address)


@router.post("/refresh", response_model=TokensOut, responses=responses(401, 403))
def refresh(body: RefreshIn, server: ServerDep) -> TokensOut:
    """Exchange a refresh token (good once) for a new pair; a used one revokes the desk's
    tokens (403 desk_revoked)."""
    return auth.refresh(server, body.refresh_token)


@router.post("/signout", response_model=OkOut, responses=responses(401))
def signout(body: RefreshIn, server: ServerDep) -> OkOut:
    """Revoke the tokens of the desk this refresh token belongs to."""
    auth.signout(server, body.refresh_token)
    return OkOut()
