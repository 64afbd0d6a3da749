"""Accounts pages end to end through the test client: sign-in, registration, review, invitations, tokens."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from biaozhun.accounts import selectors, services
from biaozhun.accounts.models import (
    APIToken,
    Invitation,
    Membership,
    Organisation,
    OrganisationStatus,
    Role,
    User,
)
from biaozhun.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory, make_uscc
from biaozhun.core.excel import XLSX_CONTENT_TYPE
from biaozhun.core.models import AuditAction, AuditEvent
from biaozhun.core.navigation import PanelContent, dashboard_for, navigation_for

PASSWORD = "Zhongshan-lamps-2025"
FACTORY_PASSWORD = "correct-horse-battery"  # what UserFactory sets


def registration_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "丁示例家具有限公司",
        "uscc": make_uscc(4321, division="320000"),
        "region_code": "442000",
        "address": "中山市大涌镇示例路8号",
        "contact_name": "陈大文",
        "contact_phone": "13800138000",
        "contact_email": "chen@example.test",
        "username": "chendawen",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "website": "",
    }
    data.update(overrides)
    return data


def sign_in(client: Client, username: str, password: str = FACTORY_PASSWORD) -> Any:
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def _link(pattern: str, body: Any) -> str:
    found = re.search(pattern, str(body))
    assert found is not None, body
    return found.group(1)


def panel(content: PanelContent | None) -> PanelContent:
    assert content is not None
    return content


def panel_titles(user: Any) -> list[str]:
    return [str(panel.title) for panel in dashboard_for(User.objects.get(pk=user.pk))]


# --- sign-in, lockout, password reset -----------------------------------------------------------


@pytest.mark.django_db
def test_signing_in_with_the_login_page_reaches_the_dashboard() -> None:
    UserFactory.create(username="meili")
    client = Client()
    response = sign_in(client, "meili")
    assert response.status_code == 302 and response["Location"] == reverse("core:dashboard")
    assert client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_the_login_page_links_to_password_reset_and_registration() -> None:
    response = Client().get(reverse("accounts:login"))
    html = response.content.decode()
    assert reverse("accounts:password_reset") in html
    assert reverse("accounts:register") in html


@pytest.mark.django_db
def test_five_wrong_passwords_lock_out_the_sixth_attempt_even_with_the_right_password() -> None:
    UserFactory.create(username="target")
    client = Client()
    for _ in range(4):
        response = sign_in(client, "target", "wrong-password")
        assert response.status_code == 200
    response = sign_in(client, "target", "wrong-password")
    assert response.status_code == 429
    response = sign_in(client, "target")
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert reverse("accounts:password_reset") in response.content.decode()
    assert response.context["failure_limit"] == 5
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, note="target").count() >= 5


@pytest.mark.django_db
def test_a_lockout_of_one_username_does_not_stop_another_user() -> None:
    UserFactory.create(username="target")
    UserFactory.create(username="bystander")
    client = Client()
    for _ in range(5):
        sign_in(client, "target", "wrong-password")
    response = sign_in(client, "bystander")
    assert response.status_code == 302


@pytest.mark.django_db
def test_signing_out_is_a_post_and_lands_on_the_home_page() -> None:
    UserFactory.create(username="leaver")
    client = Client()
    sign_in(client, "leaver")
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_does_not_reveal_whether_an_address_exists(
    django_capture_on_commit_callbacks: Any,
) -> None:
    UserFactory.create(username="known", email="known@example.test")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("accounts:password_reset"), {"email": "known@example.test"})
        unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert [m.to for m in mail.outbox] == [["known@example.test"]]


@pytest.mark.django_db
def test_the_password_reset_email_link_sets_a_new_password(django_capture_on_commit_callbacks: Any) -> None:
    user = UserFactory.create(username="forgetful", email="f@example.test")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "f@example.test"})
    message = mail.outbox[0]
    assert "\n" not in message.subject
    assert message.subject.startswith("Set a new password") or "密码" in message.subject
    link = _link(r"http://testserver(/accounts/password/reset/\S+/)", message.body)
    response = client.get(link, follow=True)
    assert response.context["validlink"]
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_bogus_password_reset_link_says_it_does_not_work() -> None:
    url = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bogus-token"})
    response = Client().get(url)
    assert response.status_code == 200
    assert response.context["validlink"] is False


# --- self-registration ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_enterprise_registers_signs_in_and_sees_its_registration_awaiting_review(
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = Client()
    form = client.get(reverse("accounts:register"))
    assert form.context["form"]["region_code"].value() == "442000"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), registration_data())
    assert response.status_code == 302 and response["Location"] == reverse("accounts:register_done")
    org = Organisation.objects.get(name="丁示例家具有限公司")
    assert org.status == OrganisationStatus.PENDING
    user = User.objects.get(username="chendawen")
    assert Membership.objects.filter(user=user, organisation=org, role=Role.ENTERPRISE_ADMIN).exists()
    assert mail.outbox[0].to == ["chen@example.test"]

    assert sign_in(client, "chendawen", PASSWORD).status_code == 302
    assert User.objects.get(pk=user.pk).roles == frozenset()
    assert panel_titles(user) == [str(panel(selectors.registration_status_panel(user)).title)]
    dashboard = client.get(reverse("core:dashboard"))
    assert escape(org.name) in dashboard.content.decode()
    nav = {entry.url_name for entry in navigation_for(User.objects.get(pk=user.pk))}
    assert "accounts:my_organisation" in nav
    assert client.get(reverse("accounts:my_organisation"))["Location"] == reverse(
        "accounts:organisation_detail", kwargs={"pk": org.pk}
    )
    assert client.get(reverse("accounts:organisation_detail", kwargs={"pk": org.pk})).status_code == 200
    assert client.get(reverse("accounts:organisation_edit", kwargs={"pk": org.pk})).status_code == 404


@pytest.mark.django_db
def test_the_registration_form_shows_every_error_at_once() -> None:
    response = Client().post(
        reverse("accounts:register"),
        registration_data(
            name="",
            uscc="91350100M000100Y44",
            region_code="44200",
            contact_phone="phone",
            contact_email="not-an-email",
            username="bad name!",
            password2="something-else-entirely",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert set(errors) == {
        "name",
        "uscc",
        "region_code",
        "contact_phone",
        "contact_email",
        "username",
        "password2",
    }
    assert errors["uscc"][0].code == "check_character"
    html = response.content.decode()
    assert 'class="error-summary"' in html
    uscc_message = response.context["form"].errors["uscc"][0]
    assert f'id="id_uscc-error">{escape(uscc_message)}</p>' in html
    assert not Organisation.objects.exists() and not User.objects.exists()


@pytest.mark.parametrize(
    ("uscc", "code"),
    [
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y433", "length"),
        ("91350100M0I0100Y43", "unused_letter"),
        ("91350100M0#0100Y43", "illegal_character"),
        ("91A50100M000100Y43", "division"),
        ("91350100M000100Y44", "check_character"),
    ],
)
@pytest.mark.django_db
def test_each_uscc_problem_gets_its_own_message_beside_the_field(uscc: str, code: str) -> None:
    response = Client().post(reverse("accounts:register"), registration_data(uscc=uscc))
    [error] = response.context["form"].errors.as_data()["uscc"]
    assert error.code == code
    assert f'id="id_uscc-error">{escape(error.messages[0])}</p>' in response.content.decode()


@pytest.mark.django_db
def test_a_uscc_registered_already_is_refused_with_a_pointer_to_the_administrator() -> None:
    existing = OrganisationFactory.create()
    response = Client().post(reverse("accounts:register"), registration_data(uscc=existing.uscc.lower()))
    [error] = response.context["form"].errors.as_data()["uscc"]
    assert error.code == "duplicate"
    assert error.messages == [services.duplicate_uscc_message()]


@pytest.mark.django_db
def test_a_filled_in_honeypot_field_registers_nothing() -> None:
    response = Client().post(reverse("accounts:register"), registration_data(website="http://spam.example"))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["bot"]
    assert not Organisation.objects.exists()


# --- review -------------------------------------------------------------------------------------------


def _pending(name: str = "戊示例电器有限公司", n: int = 1) -> Organisation:
    membership = services.enterprise_register(
        name=name,
        uscc=make_uscc(n, division="330000"),
        region_code="442000",
        address="中山市",
        contact_name="申请人",
        contact_phone="13800138000",
        contact_email=f"applicant{n}@example.test",
        username=f"applicant{n}",
        password=PASSWORD,
    )
    return membership.organisation


def test_the_bureau_sees_pending_registrations_newest_first_and_on_its_dashboard(
    cast: Any, client_for: Any
) -> None:
    older = _pending("较早企业", 1)
    newer = _pending("较新企业", 2)
    response = client_for("bureau_admin").get(reverse("accounts:registration_list"))
    assert [o.pk for o in response.context["page_obj"]] == [newer.pk, older.pk]
    content = panel(selectors.registrations_panel(cast.users["bureau_admin"]))
    assert content.count == 2 and content.more_url == reverse("accounts:registration_list")
    assert str(content.title) in panel_titles(cast.users["bureau_admin"])
    nav = {entry.url_name for entry in navigation_for(cast.users["bureau_admin"])}
    assert {"accounts:registration_list", "accounts:organisation_list"} <= nav
    assert "accounts:registration_list" not in {e.url_name for e in navigation_for(cast.users["department"])}


def test_the_bureau_approves_a_registration_after_a_confirmation_page(
    cast: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    org = _pending()
    client = client_for("bureau_admin")
    url = reverse("accounts:registration_approve", kwargs={"pk": org.pk})
    confirm = client.get(url)
    assert "components/confirm.html" in [t.name for t in confirm.templates]
    org.refresh_from_db()
    assert org.status == OrganisationStatus.PENDING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == OrganisationStatus.ACTIVE
    assert mail.outbox[0].to == ["applicant1@example.test"]
    applicant = User.objects.get(username="applicant1")
    assert applicant.has_role(Role.ENTERPRISE_ADMIN)
    assert str(panel(selectors.my_organisation_panel(applicant)).title) in panel_titles(applicant)
    assert client.get(url).status_code == 404  # nothing left to approve


def test_rejecting_needs_a_reason_and_records_it(cast: Any, client_for: Any) -> None:
    org = _pending()
    client = client_for("bureau_admin")
    url = reverse("accounts:registration_reject", kwargs={"pk": org.pk})
    response = client.post(url, {"note": ""})
    assert response.status_code == 200 and "note" in response.context["form"].errors
    response = client.post(url, {"note": "统一社会信用代码与名称不符"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == OrganisationStatus.REJECTED
    applicant = User.objects.get(username="applicant1")
    content = panel(selectors.registration_status_panel(applicant))
    assert "统一社会信用代码与名称不符" in content.items[0][0]


# --- organisations --------------------------------------------------------------------------------------


def test_the_organisation_list_filters_sorts_and_paginates(cast: Any, client_for: Any) -> None:
    client = client_for("bureau_admin")
    response = client.get(reverse("accounts:organisation_list"), {"kind": "department", "sort": "-name"})
    names = [o.name for o in response.context["page_obj"]]
    assert names == sorted([cast.orgs["department"].name, cast.orgs["other_department"].name], reverse=True)
    response = client.get(reverse("accounts:organisation_list"), {"q": cast.orgs["enterprise_b"].uscc})
    assert [o.pk for o in response.context["page_obj"]] == [cast.orgs["enterprise_b"].pk]
    response = client.get(reverse("accounts:organisation_list"), {"q": "没有这样的单位"})
    assert "components/empty_state.html" in [t.name for t in response.templates]
    for n in range(30):
        OrganisationFactory.create(name=f"批量企业{n:02d}")
    response = client.get(reverse("accounts:organisation_list"), {"page": "2"})
    assert response.context["page_obj"].number == 2


def test_the_organisation_export_is_an_excel_file_and_is_audited(cast: Any, client_for: Any) -> None:
    response = client_for("bureau_admin").get(reverse("accounts:organisation_export"), {"kind": "enterprise"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {cast.orgs["enterprise_a"].name, cast.orgs["enterprise_b"].name}
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == cast.users["bureau_admin"] and "2 rows" in event.note


def test_the_bureau_creates_a_department(client_for: Any) -> None:
    response = client_for("bureau_admin").post(
        reverse("accounts:organisation_create"),
        {"kind": "department", "name": "测试市农业农村局", "region_code": "442000"},
    )
    org = Organisation.objects.get(name="测试市农业农村局")
    assert response["Location"] == reverse("accounts:organisation_detail", kwargs={"pk": org.pk})


def test_creating_a_duplicate_organisation_is_refused_with_field_errors(cast: Any, client_for: Any) -> None:
    response = client_for("bureau_admin").post(
        reverse("accounts:organisation_create"),
        {
            "kind": "enterprise",
            "name": cast.orgs["enterprise_a"].name,
            "uscc": cast.orgs["enterprise_b"].uscc,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert errors["uscc"][0].code == "duplicate" and errors["name"][0].code == "duplicate"


def test_enterprise_a_cannot_see_or_edit_enterprise_bs_organisation(cast: Any, client_for: Any) -> None:
    client = client_for("enterprise_a")
    other = cast.orgs["enterprise_b"].pk
    for name in ("organisation_detail", "organisation_edit", "invitation_create"):
        assert client.get(reverse(f"accounts:{name}", kwargs={"pk": other})).status_code == 404, name
    response = client.post(reverse("accounts:organisation_edit", kwargs={"pk": other}), {"name": "hijack"})
    assert response.status_code == 404
    assert Organisation.objects.get(pk=other).name == cast.orgs["enterprise_b"].name


def test_an_enterprise_admin_edits_their_profile_but_the_uscc_field_is_not_offered(
    cast: Any, client_for: Any
) -> None:
    org = cast.orgs["enterprise_a"]
    url = reverse("accounts:organisation_edit", kwargs={"pk": org.pk})
    client = client_for("enterprise_a")
    assert "uscc" not in client.get(url).context["form"].fields
    data = {
        "name": org.name,
        "region_code": "442000",
        "address": "中山市古镇镇新址",
        "uscc": make_uscc(1, division="340000"),
        "kind": "institute",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    fresh = Organisation.objects.get(pk=org.pk)
    assert fresh.address == "中山市古镇镇新址"
    assert fresh.uscc == org.uscc and fresh.kind == org.kind


def test_officials_see_an_enterprise_but_not_its_members(cast: Any, client_for: Any) -> None:
    url = reverse("accounts:organisation_detail", kwargs={"pk": cast.orgs["enterprise_a"].pk})
    assert list(client_for("department").get(url).context["members"]) == []
    members = client_for("enterprise_a").get(url).context["members"]
    assert [m.user for m in members] == [cast.users["enterprise_a"]]


def test_archiving_takes_a_confirmation_and_members_lose_their_roles(cast: Any, client_for: Any) -> None:
    org = cast.orgs["enterprise_a"]
    client = client_for("bureau_admin")
    url = reverse("accounts:organisation_archive", kwargs={"pk": org.pk})
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Organisation.objects.get(pk=org.pk).archived_at is not None
    assert User.objects.get(pk=cast.users["enterprise_a"].pk).roles == frozenset()
    assert (
        client_for("enterprise_a")
        .get(reverse("accounts:organisation_edit", kwargs={"pk": org.pk}))
        .status_code
        == 404
    )


# --- invitations and memberships ---------------------------------------------------------------------


def test_an_enterprise_admin_invites_a_colleague_who_creates_an_account(
    cast: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    org = cast.orgs["enterprise_a"]
    admin_client = client_for("enterprise_a")
    invite_url = reverse("accounts:invitation_create", kwargs={"pk": org.pk})
    form = admin_client.get(invite_url).context["form"]
    assert [value for value, _label in form.fields["role"].choices] == [
        Role.ENTERPRISE_ADMIN,
        Role.ENTERPRISE_USER,
    ]
    refused = admin_client.post(invite_url, {"email": "x@example.test", "role": Role.BUREAU_ADMIN})
    assert "role" in refused.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            invite_url,
            {"email": "colleague@example.test", "full_name": "周同事", "role": Role.ENTERPRISE_USER},
        )
    assert response.status_code == 302
    link = _link(r"http://\S+(/accounts/invitations/accept/\S+/)", mail.outbox[-1].body)
    detail = admin_client.get(reverse("accounts:organisation_detail", kwargs={"pk": org.pk}))
    assert [i.email for i in detail.context["invitations"]] == ["colleague@example.test"]

    invitee = Client()
    page = invitee.get(link)
    assert page.status_code == 200 and page.context["form"]["full_name"].value() == "周同事"
    bad = invitee.post(
        link, {"full_name": "周同事", "username": "zhou", "password1": PASSWORD, "password2": "x"}
    )
    assert "password2" in bad.context["form"].errors
    response = invitee.post(
        link, {"full_name": "周同事", "username": "zhou", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("core:dashboard")
    user = User.objects.get(username="zhou")
    assert user.email == "colleague@example.test" and user.has_role(Role.ENTERPRISE_USER)
    assert invitee.session["_auth_user_id"] == str(user.pk)
    used = Client().get(link)
    assert used.status_code == 410 and used.context["reason"] == "accepted"


def test_a_signed_in_user_accepts_an_invitation_onto_their_own_account(cast: Any, client_for: Any) -> None:
    _invitation, token = services.invitation_create(
        organisation=cast.orgs["enterprise_a"],
        email="b@example.test",
        role=Role.ENTERPRISE_USER,
        by=cast.users["enterprise_a"],
    )
    client = client_for("enterprise_b")
    url = reverse("accounts:invitation_accept", kwargs={"token": token})
    assert client.get(url).context["form"] is None
    assert client.post(url).status_code == 302
    assert cast.users["enterprise_b"].memberships.filter(organisation=cast.orgs["enterprise_a"]).exists()


@pytest.mark.django_db
def test_an_unknown_invitation_token_is_a_clear_404() -> None:
    response = Client().get(reverse("accounts:invitation_accept", kwargs={"token": "not-a-real-token"}))
    assert response.status_code == 404
    assert response.context["reason"] == "unknown"


def test_revoking_an_invitation_takes_a_confirmation_and_kills_the_link(cast: Any, client_for: Any) -> None:
    invitation, token = services.invitation_create(
        organisation=cast.orgs["enterprise_a"],
        email="gone@example.test",
        role=Role.ENTERPRISE_USER,
        by=cast.users["enterprise_a"],
    )
    client = client_for("enterprise_a")
    url = reverse("accounts:invitation_revoke", kwargs={"pk": invitation.pk})
    assert client_for("enterprise_b").post(url).status_code == 404
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is not None
    response = Client().get(reverse("accounts:invitation_accept", kwargs={"token": token}))
    assert response.status_code == 410 and response.context["reason"] == "revoked"


def test_an_admin_removes_a_colleague_but_is_never_offered_to_remove_themselves(
    cast: Any, client_for: Any
) -> None:
    colleague = MembershipFactory.create(organisation=cast.orgs["enterprise_a"], role=Role.ENTERPRISE_USER)
    own = Membership.objects.get(user=cast.users["enterprise_a"])
    client = client_for("enterprise_a")
    detail = client.get(reverse("accounts:organisation_detail", kwargs={"pk": cast.orgs["enterprise_a"].pk}))
    assert detail.context["deactivatable"] == {colleague.pk}
    own_url = reverse("accounts:membership_deactivate", kwargs={"pk": own.pk})
    assert client.post(own_url).status_code == 404
    url = reverse("accounts:membership_deactivate", kwargs={"pk": colleague.pk})
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_active
    assert Membership.objects.get(pk=own.pk).is_active


# --- profile and API tokens -----------------------------------------------------------------------------


def test_a_user_edits_their_profile_and_sees_their_roles(cast: Any, client_for: Any) -> None:
    client = client_for("enterprise_a")
    page = client.get(reverse("accounts:profile"))
    assert [m.organisation for m in page.context["memberships"]] == [cast.orgs["enterprise_a"]]
    assert reverse("accounts:password_change") in page.content.decode()
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "甲管理员", "email": "admin-a@example.test", "phone": "13900139000"},
    )
    assert response.status_code == 302
    user = User.objects.get(pk=cast.users["enterprise_a"].pk)
    assert (user.full_name, user.email, user.phone) == ("甲管理员", "admin-a@example.test", "13900139000")


def test_a_created_token_is_shown_once_authenticates_the_api_and_stops_when_revoked(
    cast: Any, client_for: Any
) -> None:
    client = client_for("enterprise_a")
    response = client.post(
        reverse("accounts:api_token_create"), {"name": "ERP sync", "expires_in_days": "90"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = response.context["raw"]
    assert raw.startswith("bzk_") and raw in response.content.decode()
    token = APIToken.objects.get(user=cast.users["enterprise_a"])
    assert token.prefix == raw[:12] and token.token_hash == APIToken.hash_token(raw)
    assert raw not in client.get(reverse("accounts:profile")).content.decode()

    api = Client()
    me = api.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.status_code == 200
    assert me.json()["username"] == cast.users["enterprise_a"].username
    assert me.json()["roles"] == [Role.ENTERPRISE_ADMIN]

    revoke_url = reverse("accounts:api_token_revoke", kwargs={"pk": token.pk})
    assert client.get(revoke_url).status_code == 200
    assert client.post(revoke_url).status_code == 302
    assert api.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_another_users_token_cannot_be_revoked(cast: Any, client_for: Any) -> None:
    token, _raw = services.api_token_create(user=cast.users["enterprise_b"], name="B", expires_in_days=None)
    response = client_for("enterprise_a").post(reverse("accounts:api_token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_organisations_api_lists_what_the_caller_may_see(cast: Any) -> None:
    _token, raw = services.api_token_create(user=cast.users["enterprise_a"], name="api", expires_in_days=None)
    response = Client().get("/api/accounts/organisations", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["items"]}
    assert cast.orgs["enterprise_a"].pk in ids and cast.orgs["enterprise_b"].pk not in ids
    assert Client().get("/api/accounts/organisations").status_code == 401


def test_a_second_invitation_to_a_waiting_address_is_refused_beside_the_email_field(
    cast: Any, client_for: Any
) -> None:
    url = reverse("accounts:invitation_create", kwargs={"pk": cast.orgs["enterprise_a"].pk})
    client = client_for("enterprise_a")
    data = {"email": "twice@example.test", "role": Role.ENTERPRISE_USER}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["email"]
    assert Invitation.objects.filter(email="twice@example.test").count() == 1
