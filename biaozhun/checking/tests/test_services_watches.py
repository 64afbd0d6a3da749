"""Watches and the alerts they bring: a real import changes a watched standard, and each watcher is
told exactly once, in words; controlled-standards lists set watches and are reminded about yearly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from biaozhun.accounts.models import Membership, Role
from biaozhun.accounts.tests.factories import UserFactory
from biaozhun.checking.models import ChangeCursor, Check, ControlledList, Watch, WatchKind
from biaozhun.checking.services.controlled_lists import controlled_list_reminders, controlled_list_upload
from biaozhun.checking.services.watches import watch_alerts_send, watch_archive, watch_create
from biaozhun.checking.tests.test_services_validity import HEADER, import_csv
from biaozhun.core.models import Notification
from biaozhun.reference.models import CCSCode, ccs_sort_key
from biaozhun.standards.models import Status, Topic

pytestmark = pytest.mark.django_db

BEFORE = (
    "GB/T 12771-2008,流体输送用不锈钢焊接钢管,,现行,H48,23.040.10,2008-05-13,2008-11-01,,,\n"
    "GB/T 1.1-2020,标准化工作导则 第1部分,,现行,A00,01.120,2020-03-31,2020-10-01,,,\n"
)
AFTER = (
    "GB/T 12771-2008,流体输送用不锈钢焊接钢管,,废止,H48,23.040.10,2008-05-13,2008-11-01,,,GB/T 12771-2019\n"
    "GB/T 12771-2019,流体输送用不锈钢焊接钢管,,现行,H48,23.040.10,2019-10-18,2020-09-01,,GB/T 12771-2008,\n"
    "GB/T 1.1-2020,标准化工作导则 第1部分,,现行,A00,01.120,2020-03-31,2020-10-01,,,\n"
)


def load(tmp_path: Path, body: str, name: str) -> None:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    import_csv(path)


@pytest.fixture
def catalogue(tmp_path: Path) -> Any:
    """The catalogue before the change, with the alert cursor set after it (as the first run does)."""
    load(tmp_path, BEFORE, "before.csv")
    assert watch_alerts_send() == 0  # the first run only places the cursor
    assert ChangeCursor.objects.get().last_change_id >= 0

    def change() -> None:
        load(tmp_path, AFTER, "after.csv")

    return change


def alerts(user: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind="watch").order_by("id"))


def test_a_change_imported_for_a_watched_edition_tells_its_watcher_once_in_words(catalogue, personas):
    user = personas["expert"]
    watch_create(by=user, kind=WatchKind.EDITION, target="gb/t 12771—2008")

    catalogue()
    written = watch_alerts_send()

    notes = alerts(user)
    assert written == len(notes) == 1
    note = notes[0]
    with translation.override("zh-hans"):
        current, replaced = str(Status.CURRENT.label), str(Status.REPLACED.label)
    assert note.subject.startswith("GB/T 12771-2008")
    assert f"{current} → {replaced}" in note.subject
    assert "GB/T 12771-2019" in note.subject
    assert "2020-09-01" in note.subject  # from when the replacement applies
    assert note.url == reverse("standards:detail", kwargs={"number": "GB/T 12771-2008"})
    assert note.data["edition"] == "GB/T 12771-2008"
    assert watch_alerts_send() == 0
    assert len(alerts(user)) == 1


def test_the_import_signal_sends_the_alerts_through_the_task(
    catalogue, personas, django_capture_on_commit_callbacks
):
    user = personas["expert"]
    watch_create(by=user, kind=WatchKind.EDITION, target="GB/T 12771-2008")

    with django_capture_on_commit_callbacks(execute=True):
        catalogue()

    assert len(alerts(user)) == 1


def test_an_organisation_watch_tells_each_active_member_once(catalogue, personas, orgs):
    admin = personas["enterprise_a"]
    colleague = UserFactory.create(username="colleague")
    Membership.objects.create(user=colleague, organisation=orgs["enterprise_a"], role=Role.ENTERPRISE_USER)
    former = UserFactory.create(username="former")
    Membership.objects.create(
        user=former, organisation=orgs["enterprise_a"], role=Role.ENTERPRISE_USER, is_active=False
    )
    watch_create(
        by=admin, kind=WatchKind.EDITION, target="GB/T 12771-2008", organisation=orgs["enterprise_a"]
    )

    catalogue()
    watch_alerts_send()

    assert [len(alerts(u)) for u in (admin, colleague, former, personas["enterprise_b"])] == [1, 1, 0, 0]


def test_a_user_whose_two_watches_match_one_change_gets_one_notification(catalogue, personas, orgs):
    user = personas["enterprise_a"]
    watch_create(by=user, kind=WatchKind.EDITION, target="GB/T 12771-2008")
    watch_create(by=user, kind=WatchKind.WORK, target="GB/T 12771", organisation=orgs["enterprise_a"])

    catalogue()
    watch_alerts_send()

    about_2008 = [n for n in alerts(user) if n.data["edition"] == "GB/T 12771-2008"]
    assert len(about_2008) == 1
    # the work watch also hears of the new edition, as a new standard
    new = [n for n in alerts(user) if n.data.get("new")]
    assert [n.data["edition"] for n in new] == ["GB/T 12771-2019"]
    assert "GB/T 12771-2019" in new[0].subject


def test_new_editions_in_a_watched_class_or_search_are_new_standard_notifications(catalogue, personas):
    CCSCode.objects.create(code="H", level=1, name_zh="冶金", sort_key=ccs_sort_key("H", 1))
    class_watcher, search_watcher, other = personas["department"], personas["town"], personas["expert"]
    watch_create(by=class_watcher, kind=WatchKind.CCS, target="h")
    watch_create(by=search_watcher, kind=WatchKind.SEARCH, target="q=不锈钢焊接&status=current")
    watch_create(by=other, kind=WatchKind.SEARCH, target="q=灯具")

    catalogue()
    watch_alerts_send()

    assert [n.data["edition"] for n in alerts(search_watcher)] == ["GB/T 12771-2019"]
    assert alerts(search_watcher)[0].data["new"] is True
    # the class watcher hears of the new edition and of the replaced one's change of status
    assert sorted(n.data["edition"] for n in alerts(class_watcher)) == ["GB/T 12771-2008", "GB/T 12771-2019"]
    assert alerts(other) == []


def test_an_archived_watch_tells_nobody(catalogue, personas):
    user = personas["expert"]
    watch = watch_create(by=user, kind=WatchKind.EDITION, target="GB/T 12771-2008")
    watch_archive(watch=watch, by=user)

    catalogue()
    watch_alerts_send()

    assert alerts(user) == []
    assert Watch.objects.get().is_archived


@pytest.mark.parametrize(
    ("kind", "target", "message"),
    [
        (WatchKind.EDITION, "not a number", "not a standard number"),
        (WatchKind.EDITION, "GB/T 12771", "has no year"),
        (WatchKind.CCS, "Z99", "not a CCS code"),
        (WatchKind.ICS, "99.999", "not an ICS code"),
        (WatchKind.TOPIC, "no-such-database", "no thematic database"),
        (WatchKind.SEARCH, "level=planet", "needs words"),
    ],
)
def test_a_target_that_cannot_be_watched_is_refused_with_the_reason(personas, kind, target, message):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        watch_create(by=personas["expert"], kind=kind, target=target)
    assert message in " ".join(error.value.message_dict["target"])


def test_targets_are_kept_in_canonical_form_and_duplicates_refused(personas, orgs):
    user = personas["enterprise_a"]
    Topic.objects.create(slug="lighting", name_zh="灯具")
    assert watch_create(by=user, kind=WatchKind.WORK, target="gb/t 12771-2008").target == "GB/T 12771"
    assert watch_create(by=user, kind=WatchKind.TOPIC, target="lighting").target == "lighting"
    search = watch_create(by=user, kind=WatchKind.SEARCH, target="/standards/?level=national&q= 灯具 &page=3")
    assert search.target == "q=%E7%81%AF%E5%85%B7&level=national"
    with translation.override("en"), pytest.raises(ValidationError, match="already watch"):
        watch_create(by=user, kind=WatchKind.WORK, target="GB/T 12771")
    # the same target for the organisation is another watch
    watch_create(by=user, kind=WatchKind.WORK, target="GB/T 12771", organisation=orgs["enterprise_a"])
    with translation.override("en"), pytest.raises(ValidationError, match="organisation already watches"):
        watch_create(
            by=user, kind=WatchKind.WORK, target="GB/T 12771-2019", organisation=orgs["enterprise_a"]
        )


def test_a_user_cannot_watch_for_an_organisation_they_do_not_belong_to(personas, orgs):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        watch_create(
            by=personas["enterprise_b"],
            kind=WatchKind.WORK,
            target="GB/T 1.1",
            organisation=orgs["enterprise_a"],
        )


def test_another_enterprise_cannot_archive_a_watch(personas, orgs):
    from django.core.exceptions import PermissionDenied

    watch = watch_create(
        by=personas["enterprise_a"], kind=WatchKind.WORK, target="GB/T 1.1", organisation=orgs["enterprise_a"]
    )
    with pytest.raises(PermissionDenied):
        watch_archive(watch=watch, by=personas["enterprise_b"])


# --- controlled-standards lists --------------------------------------------------------------------

LIST_CSV = "标准号,名称\nGB/T 12771-2008,钢管\ngb/t 1.1,导则\n不是标准号,x\nGB/T 12771-2008,重复\n".encode()


def test_uploading_a_controlled_list_checks_it_and_watches_every_readable_entry(catalogue, personas, orgs):
    user = personas["enterprise_a"]

    controlled = controlled_list_upload(
        by=user, organisation=orgs["enterprise_a"], data=LIST_CSV, file_name="受控清单.csv"
    )

    check = Check.objects.get()
    assert controlled.validity_check == check
    assert check.entry_count == 4
    assert check.organisation == orgs["enterprise_a"]
    watches = {(w.kind, w.target) for w in controlled.watches.all()}
    assert watches == {(WatchKind.EDITION, "GB/T 12771-2008"), (WatchKind.WORK, "GB/T 1.1")}
    assert all(w.organisation == orgs["enterprise_a"] for w in controlled.watches.all())

    catalogue()
    watch_alerts_send()
    assert len(alerts(user)) == 1


def test_a_newer_controlled_list_replaces_the_older_lists_watches(personas, orgs):
    user = personas["enterprise_a"]
    first = controlled_list_upload(
        by=user, organisation=orgs["enterprise_a"], data=LIST_CSV, file_name="a.csv"
    )
    second = controlled_list_upload(
        by=user,
        organisation=orgs["enterprise_a"],
        data="标准号\nGB/T 12771-2008\n".encode(),
        file_name="b.csv",
    )

    active = Watch.objects.active()
    assert [(w.target, w.controlled_list_id) for w in active] == [("GB/T 12771-2008", second.pk)]
    assert Watch.objects.archived().get().controlled_list == first


def test_the_yearly_reminder_goes_to_each_member_once(personas, orgs):
    user = personas["enterprise_a"]
    colleague = UserFactory.create(username="colleague")
    Membership.objects.create(user=colleague, organisation=orgs["enterprise_a"], role=Role.ENTERPRISE_USER)
    controlled = controlled_list_upload(
        by=user, organisation=orgs["enterprise_a"], data=LIST_CSV, file_name="a.csv"
    )
    fresh = controlled_list_upload(
        by=personas["enterprise_b"], organisation=orgs["enterprise_b"], data=LIST_CSV, file_name="b.csv"
    )
    now = timezone.now()
    ControlledList.objects.filter(pk=controlled.pk).update(created_at=now - dt.timedelta(days=400))

    assert controlled_list_reminders(now=now) == 1
    assert controlled_list_reminders(now=now + dt.timedelta(days=1)) == 0

    reminded = Notification.objects.filter(kind="controlled_list_reminder")
    assert sorted(n.recipient.username for n in reminded) == ["colleague", user.username]
    controlled.refresh_from_db()
    fresh.refresh_from_db()
    assert controlled.reminded_at == now
    assert fresh.reminded_at is None
    # a year later, still no newer lists: A's is due again, and B's for the first time
    assert controlled_list_reminders(now=now + dt.timedelta(days=366)) == 2
