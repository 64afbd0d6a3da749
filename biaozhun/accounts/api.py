"""Accounts API: who am I, and the organisations I may see.

No ``from __future__ import annotations`` here: django-ninja reads the ``Query[...]`` annotation
at import time.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from biaozhun.accounts import selectors
from biaozhun.accounts.api_auth import signed_in
from biaozhun.accounts.models import Organisation

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


class OrganisationOut(Schema):
    id: int
    kind: str
    name: str
    short_name: str
    uscc: str
    region_code: str
    status: str
    archived: bool

    @staticmethod
    def resolve_archived(obj: Organisation) -> bool:
        return obj.archived_at is not None


class OrganisationFilter(Schema):
    kind: str = ""
    status: str = ""
    q: str = ""


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    auth=signed_in,
    url_name="accounts_organisations",
    summary="Organisations the caller may see",
    description="Officials see every active organisation, enterprises their own and the government "
    "directory, bureau administrators all. `status=archived` lists archived ones.",
)
@paginate
def organisations(request: HttpRequest, filters: Query[OrganisationFilter]) -> QuerySet[Organisation]:
    caller = request.auth  # type: ignore[attr-defined]
    qs = selectors.organisation_search(user=caller, kind=filters.kind, status=filters.status, q=filters.q)
    return qs.order_by("kind", "name", "pk")
