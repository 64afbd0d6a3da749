"""The Zhongshan annex fixtures and ``manage.py seed_demo``."""

from __future__ import annotations

import csv
import functools
import importlib.util
import sys
from io import StringIO
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from biaozhun.accounts import uscc
from biaozhun.accounts.models import (
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
    User,
)
from biaozhun.core.models import AuditEvent
from biaozhun.demo.services import AUDIT_NOTE, DEMO_PASSWORD, demo_accounts, demo_catalogue_files, demo_seed
from biaozhun.standards.models import Edition, ImportRejection, ImportRun, Status

ZHONGSHAN = Path(settings.BASE_DIR) / "fixtures" / "zhongshan"
COLLECTIVE_ENTRIES = {
    "中山市全面实施标准化战略领导小组成员单位",
    "各镇政府（区管委会、街道办事处）",
    "各相关镇政府（区管委会、街道办事处）",
    "市各有关行政主管部门",
}
PERSONA_ROLES = {
    "demo_admin": (Role.BUREAU_ADMIN, "中山市市场监督管理局"),
    "demo_dept": (Role.DEPARTMENT_OFFICER, "中山市工业和信息化局"),
    "demo_dept2": (Role.DEPARTMENT_OFFICER, "中山市商务局"),
    "demo_town": (Role.TOWN_OFFICER, "中山市小榄镇人民政府"),
    "demo_ent_a": (Role.ENTERPRISE_ADMIN, "中山市示例灯饰科技有限公司（演示）"),
    "demo_ent_b": (Role.ENTERPRISE_ADMIN, "中山市样板家电有限公司（演示）"),
    "demo_expert": (Role.EXPERT, "中山市示例标准化研究院（演示）"),
    "demo_inspector": (Role.INSPECTOR, "中山市市场监督管理局"),
}


def read_csv(name: str) -> list[dict[str, str]]:
    with (ZHONGSHAN / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def split(cell: str) -> list[str]:
    return [unit for unit in cell.split(";") if unit]


@functools.cache
def load_build_script() -> ModuleType:
    """fixtures/zhongshan/build_annex.py, which is a script beside its data rather than a package module."""
    spec = importlib.util.spec_from_file_location("build_annex", ZHONGSHAN / "build_annex.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "audit events": AuditEvent.objects.count(),
        "editions": Edition.objects.count(),
        "imports": ImportRun.objects.count(),
    }


# --- The annex of the master plan ------------------------------------------------------------


def test_annex_lists_the_67_tasks_numbered_1_to_67() -> None:
    tasks = read_csv("annex_tasks_2021_2025.csv")
    assert [int(task["number"]) for task in tasks] == list(range(1, 68))
    assert all(task["text"] and task["lead_units"] for task in tasks)


def test_every_unit_named_in_the_annex_is_in_units_csv_or_a_collective_entry() -> None:
    short_names = {row["short_name"] for row in read_csv("units.csv")}
    named = {
        unit
        for task in read_csv("annex_tasks_2021_2025.csv")
        for unit in split(task["lead_units"]) + split(task["participating_units"])
    }
    assert named - COLLECTIVE_ENTRIES - short_names == set()
    assert short_names - named == set(), "units.csv lists a unit the annex never names"


def test_units_csv_has_one_row_per_unit_with_a_government_kind() -> None:
    units = read_csv("units.csv")
    assert len({u["short_name"] for u in units}) == len(units)
    assert len({u["name"] for u in units}) == len(units)
    assert {u["kind"] for u in units} == {"bureau", "department", "town"}
    bureau = [u for u in units if u["kind"] == "bureau"]
    assert bureau == [{"name": "中山市市场监督管理局", "short_name": "市市场监管局", "kind": "bureau"}]


def test_annex_unit_names_have_no_stray_spaces_and_the_typos_are_corrected() -> None:
    tasks = {int(t["number"]): t for t in read_csv("annex_tasks_2021_2025.csv")}
    every_unit = [u for t in tasks.values() for u in split(t["lead_units"]) + split(t["participating_units"])]
    assert not [u for u in every_unit if any(ch.isspace() for ch in u)]
    assert split(tasks[5]["lead_units"]) == ["市委组织部", "市人力资源社会保障局"]
    assert split(tasks[24]["lead_units"]) == ["市工业和信息化局"]
    assert "市市场监管局" in split(tasks[46]["lead_units"])
    assert split(tasks[28]["participating_units"]) == ["市市场监管局", "市商务局"]
    assert "市工业和信息化局" in split(tasks[64]["participating_units"])


def test_annex_keeps_the_targets_the_tasks_quote() -> None:
    tasks = {int(t["number"]): t for t in read_csv("annex_tasks_2021_2025.csv")}
    assert tasks[21]["targets"] == "全市企业制修订产品和服务标准累计不少于10000项"
    assert split(tasks[9]["targets"]) == [
        "推动企事业单位参与国际标准、国家标准和行业标准制修订累计不少于1000项",
        "发布产业标准体系和地方标准累计不少于100项",
    ]
    assert tasks[66]["targets"] == "每年免费为企业提供标准文本不少于3000份"
    assert tasks[1]["targets"] == ""
    assert sum(1 for t in tasks.values() if t["targets"]) == 11


def test_annex_csv_is_what_the_build_script_makes_from_the_source_document(shared_dir: Path) -> None:
    source = shared_dir / "seeds" / "001_929dd98d456b639a.txt"
    if not source.exists():
        pytest.skip(f"master plan text not found at {source}")
    build = load_build_script()
    rebuilt = build.to_csv(build.parse_annex(source.read_text(encoding="utf-8")))
    assert rebuilt == (ZHONGSHAN / "annex_tasks_2021_2025.csv").read_text(encoding="utf-8")
    assert set(build.COLLECTIVE_ENTRIES) == COLLECTIVE_ENTRIES


def test_build_script_splits_units_on_commas_but_not_inside_brackets() -> None:
    build = load_build_script()
    assert build.split_units("市发展改革局、工业和信息化局,各镇政府(区管委会、街道办事处)") == (
        "市发展改革局",
        "市工业和信息化局",
        "各镇政府（区管委会、街道办事处）",
    )


# --- manage.py seed_demo -------------------------------------------------------------------


@pytest.mark.django_db
def test_seeding_twice_creates_nothing_the_second_time() -> None:
    first = StringIO()
    call_command("seed_demo", stdout=first)
    after_first = counts()
    second = StringIO()
    call_command("seed_demo", stdout=second)
    assert counts() == after_first
    assert "nothing created or changed" in second.getvalue()
    assert after_first["users"] == 10  # nine demo accounts and the inactive user migrated declarations name
    assert after_first["memberships"] == 9
    assert after_first["imports"] == len(demo_catalogue_files())


@pytest.mark.django_db
def test_the_demo_catalogue_has_real_edition_chains_and_the_zhongshan_industries() -> None:
    call_command("seed_demo", stdout=StringIO())

    assert Edition.objects.get(number="GB/T 12771-2008").status == Status.REPLACED
    assert Edition.objects.get(number="GB/T 1.1-2020").source_url.startswith("https://openstd.samr.gov.cn/")
    assert Edition.objects.get(number="GB 7000.1-2007").status == Status.REPLACED
    assert not ImportRejection.objects.exists()


@pytest.mark.django_db
@override_settings(PRODUCTION=True)
def test_seed_demo_refuses_to_run_in_production() -> None:
    before = counts()
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=StringIO())
    assert counts() == before


@pytest.mark.django_db
def test_command_prints_the_demo_accounts_and_password_on_every_run() -> None:
    for _ in range(2):
        out = StringIO()
        call_command("seed_demo", stdout=out)
        text = out.getvalue()
        assert DEMO_PASSWORD in text
        for username in [*PERSONA_ROLES, "demo_applicant"]:
            assert username in text


@pytest.mark.django_db
def test_every_demo_persona_can_sign_in_on_the_login_page_with_the_demo_password() -> None:
    demo_seed()
    for username in [*PERSONA_ROLES, "demo_applicant"]:
        client = Client()
        response = client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)


@pytest.mark.django_db
def test_demo_accounts_authenticate_through_the_lockout_backend() -> None:
    demo_seed()
    request = RequestFactory().post(reverse("accounts:login"))
    assert authenticate(request=request, username="demo_admin", password=DEMO_PASSWORD) is not None
    assert authenticate(request=request, username="demo_admin", password="not-the-password") is None


@pytest.mark.django_db
def test_every_demo_persona_holds_its_role_in_its_organisation() -> None:
    demo_seed()
    for username, (role, organisation) in PERSONA_ROLES.items():
        user = User.objects.get(username=username)
        assert user.roles == {role}, username
        assert user.primary_organisation is not None
        assert user.primary_organisation.name == organisation


@pytest.mark.django_db
def test_pending_registration_waits_for_approval_and_gives_no_role() -> None:
    demo_seed()
    pending = Organisation.objects.get(status=OrganisationStatus.PENDING)
    assert pending.kind == OrganisationKind.ENTERPRISE
    applicant = User.objects.get(username="demo_applicant")
    assert applicant.memberships.get().organisation == pending
    assert applicant.roles == frozenset()


@pytest.mark.django_db
def test_demo_enterprises_have_valid_usccs_and_are_marked_as_demo() -> None:
    demo_seed()
    enterprises = Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE)
    assert 5 <= enterprises.count() <= 7
    for enterprise in enterprises:
        assert "演示" in enterprise.name
        parsed = uscc.parse(enterprise.uscc)
        assert parsed.division_code == "442000"


@pytest.mark.django_db
def test_government_units_become_active_organisations_of_their_kind_in_the_region() -> None:
    demo_seed()
    units = read_csv("units.csv")
    for unit in units:
        org = Organisation.objects.get(kind=unit["kind"], name=unit["name"])
        assert org.short_name == unit["short_name"]
        assert org.region_code == settings.REGION_CODE
        assert org.status == OrganisationStatus.ACTIVE
    assert Organisation.objects.get(kind=OrganisationKind.BUREAU).short_name == "市市场监管局"


@pytest.mark.django_db
def test_seeding_again_restores_a_changed_demo_password_and_reactivates_the_account() -> None:
    demo_seed()
    user = User.objects.get(username="demo_ent_a")
    user.set_password("something-else-entirely")
    user.is_active = False
    user.save()
    report = demo_seed()
    user.refresh_from_db()
    assert user.is_active
    assert user.check_password(DEMO_PASSWORD)
    assert report.updated["users"] == 1
    assert not report.created


@pytest.mark.django_db
def test_seeding_does_not_undo_the_review_of_the_pending_registration() -> None:
    demo_seed()
    pending = Organisation.objects.get(status=OrganisationStatus.PENDING)
    pending.status = OrganisationStatus.ACTIVE
    pending.save()
    demo_seed()
    pending.refresh_from_db()
    assert pending.status == OrganisationStatus.ACTIVE


@pytest.mark.django_db
def test_seeded_rows_are_in_the_audit_trail_without_an_actor_and_with_a_note() -> None:
    demo_seed()
    bureau = Organisation.objects.get(kind=OrganisationKind.BUREAU)
    created = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(Organisation),
        object_id=str(bureau.pk),
        action="create",
    )
    assert created.actor is None
    assert AuditEvent.objects.filter(note__startswith=AUDIT_NOTE).count() == 1


def test_demo_accounts_cover_every_persona_once() -> None:
    usernames = [account.username for account in demo_accounts()]
    assert len(usernames) == len(set(usernames))
    assert set(PERSONA_ROLES) <= set(usernames)


def _rows(text: str) -> list[Any]:
    return [line for line in text.splitlines() if line.startswith("demo_")]


@pytest.mark.django_db
def test_accounts_table_has_one_row_per_account() -> None:
    report = demo_seed()
    assert len(_rows(report.accounts_table())) == len(report.accounts) == 9
