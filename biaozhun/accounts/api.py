"""Accounts API: who am I, and the organisations I may see."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from biaozhun.accounts.api_auth import signed_in

router = Router()


class MembershipOut(Schema):
    organisation_id: int
    organisation: str
    organisation_kind: str
    role: str


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    roles: list[str]
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, auth=signed_in, summary="The signed-in user and their roles")
def me(request: HttpRequest) -> MeOut:
    user = request.auth  # type: ignore[attr-defined]
    return MeOut(
        username=user.username,
        full_name=user.full_name,
        email=user.email,
        roles=sorted(user.roles),
        memberships=[
            MembershipOut(
                organisation_id=m.organisation_id,
                organisation=m.organisation.name,
                organisation_kind=m.organisation.kind,
                role=m.role,
            )
            for m in user.active_memberships
        ],
    )
