"""Access rows for the standards catalogue (merged by biaozhun/tests/test_url_access.py).

The catalogue's pages and API endpoints are public: every persona gets them. An edition's page is
requested once for an edition that exists (created on the fly: the access test loads no fixtures)
and once for an unknown number, which must be a 404 for everyone. The import pages (bureau only)
are added below ``ACCESS`` by their own rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from biaozhun.core.testing import API_PUBLIC, BUREAU_ONLY, LOGIN, PUBLIC, Case, expect, named
from biaozhun.standards.models import Edition, Level, Nature, Status, Work

NOT_FOUND = expect(404)
KNOWN_NUMBER = "GB/T 12771-2019"
UNKNOWN_NUMBER = "GB/T 99999-2099"


def _known_edition() -> str:
    work, _ = Work.objects.get_or_create(key="GB/T 12771", defaults={"level": Level.NATIONAL, "code": "GB/T"})
    edition, _ = Edition.objects.get_or_create(
        number=KNOWN_NUMBER,
        defaults={
            "work": work,
            "level": Level.NATIONAL,
            "nature": Nature.RECOMMENDED,
            "code": "GB/T",
            "year": 2019,
            "title_zh": "流体输送用不锈钢焊接钢管",
            "status": Status.CURRENT,
        },
    )
    return edition.number


def existing(name: str) -> Callable[[Any], str]:
    """The URL ``name`` for an edition that exists in the database."""
    return lambda cast: reverse(name, kwargs={"number": _known_edition()})


def detail_cases(name: str, status: dict[str, int]) -> list[Case]:
    return [
        Case(existing(name), status),
        Case(named(name, number=UNKNOWN_NUMBER), NOT_FOUND, note="unknown number"),
    ]


ACCESS: dict[str, list[Case]] = {
    "standards:search": [Case(named("standards:search"), PUBLIC, data={"q": "钢管", "status": "current"})],
    "standards:search_export": [Case(named("standards:search_export"), PUBLIC, data={"q": "钢管"})],
    "standards:browse_ccs": [Case(named("standards:browse_ccs"), PUBLIC)],
    "standards:browse_ics": [Case(named("standards:browse_ics"), PUBLIC, data={"class": "29"})],
    "standards:detail": detail_cases("standards:detail", PUBLIC),
    "api-1.0.0:standards_search": [
        Case(named("api-1.0.0:standards_search"), API_PUBLIC, data={"q": "钢管", "level": "national"})
    ],
    "api-1.0.0:standards_edition_detail": detail_cases("api-1.0.0:standards_edition_detail", API_PUBLIC),
}


def _import_run() -> str:
    from biaozhun.standards.models import ImportRun

    run, _ = ImportRun.objects.get_or_create(file_name="access.csv", defaults={"format": "flat"})
    return str(run.public_id)


def import_run_url(name: str) -> Callable[[Any], str]:
    return lambda cast: reverse(name, kwargs={"public_id": _import_run()})


UNKNOWN_RUN = "00000000-0000-4000-8000-000000000000"
BUREAU_NOT_FOUND = expect(403, anonymous=LOGIN, bureau_admin=404)

# Imports are the bureau's: everyone else is refused before any run is looked up.
ACCESS.update(
    {
        "standards:import_list": [Case(named("standards:import_list"), BUREAU_ONLY)],
        "standards:import_upload": [
            Case(named("standards:import_upload"), BUREAU_ONLY),
            Case(
                named("standards:import_upload"), BUREAU_ONLY, method="post", note="no file: the form again"
            ),
        ],
        "standards:import_detail": [
            Case(import_run_url("standards:import_detail"), BUREAU_ONLY),
            Case(named("standards:import_detail", public_id=UNKNOWN_RUN), BUREAU_NOT_FOUND),
        ],
        "standards:import_rejections": [
            Case(import_run_url("standards:import_rejections"), BUREAU_ONLY),
            Case(named("standards:import_rejections", public_id=UNKNOWN_RUN), BUREAU_NOT_FOUND),
        ],
    }
)


# --- thematic databases and standard age ---------------------------------------------------------
# Published databases are public; one being prepared is a 404 for everyone but the bureau. Editing is
# the bureau's: everyone else is refused before any database is looked up.


def _topic(slug: str = "access-lighting", *, published: bool = True) -> str:
    from biaozhun.standards.models import Topic, TopicEntry

    topic, created = Topic.objects.get_or_create(
        slug=slug, defaults={"name_zh": "灯饰照明", "keywords": "灯具", "is_published": published}
    )
    if created:
        edition = Edition.objects.get(number=_known_edition())
        TopicEntry.objects.get_or_create(topic=topic, edition=edition)
    return topic.slug


def topic_url(name: str, *, published: bool = True) -> Callable[[Any], str]:
    slug = "access-lighting" if published else "access-draft"
    return lambda cast: reverse(name, kwargs={"slug": _topic(slug, published=published)})


def _override(slug: str) -> int:
    from biaozhun.standards.models import Topic, TopicOverride

    topic = Topic.objects.get(slug=_topic(slug))
    edition = Edition.objects.get(number=_known_edition())
    override, _ = TopicOverride.objects.get_or_create(
        topic=topic, edition=edition, defaults={"include": False, "note": "access"}
    )
    return override.pk


def override_url(*, of: str = "access-lighting") -> Callable[[Any], str]:
    """The remove page of an override; ``of`` names the topic the override really belongs to."""

    def url(cast: Any) -> str:
        pk = _override(of)
        return reverse(
            "standards:topic_override_remove", kwargs={"slug": _topic("access-lighting"), "pk": pk}
        )

    return url


DRAFT = expect(404, bureau_admin=200)

ACCESS.update(
    {
        "standards:topic_list": [Case(named("standards:topic_list"), PUBLIC)],
        "standards:topic_detail": [
            Case(
                topic_url("standards:topic_detail"),
                PUBLIC,
                data={"level": "national", "sort": "-implemented"},
            ),
            Case(topic_url("standards:topic_detail", published=False), DRAFT, note="not published"),
            Case(named("standards:topic_detail", slug="no-such-topic"), NOT_FOUND, note="unknown slug"),
        ],
        "standards:topic_export": [
            Case(topic_url("standards:topic_export"), PUBLIC),
            Case(topic_url("standards:topic_export", published=False), DRAFT, note="not published"),
            Case(named("standards:topic_export", slug="no-such-topic"), NOT_FOUND, note="unknown slug"),
        ],
        "standards:topic_new": [
            Case(named("standards:topic_new"), BUREAU_ONLY),
            Case(named("standards:topic_new"), BUREAU_ONLY, method="post", note="empty form: the form again"),
        ],
        "standards:topic_edit": [
            Case(topic_url("standards:topic_edit"), BUREAU_ONLY),
            Case(topic_url("standards:topic_edit", published=False), BUREAU_ONLY, note="not published"),
            Case(named("standards:topic_edit", slug="no-such-topic"), BUREAU_NOT_FOUND, note="unknown slug"),
        ],
        "standards:topic_overrides": [
            Case(topic_url("standards:topic_overrides"), BUREAU_ONLY),
            Case(topic_url("standards:topic_overrides"), BUREAU_ONLY, method="post", note="empty form"),
            Case(
                named("standards:topic_overrides", slug="no-such-topic"),
                BUREAU_NOT_FOUND,
                note="unknown slug",
            ),
        ],
        "standards:topic_override_remove": [
            Case(override_url(), BUREAU_ONLY, note="the confirmation page"),
            Case(override_url(of="access-other"), BUREAU_NOT_FOUND, note="another database's override"),
            Case(
                named("standards:topic_override_remove", slug="access-lighting", pk=999999),
                BUREAU_NOT_FOUND,
                note="unknown override",
            ),
        ],
        "standards:age": [
            Case(named("standards:age"), PUBLIC),
            Case(named("standards:age"), PUBLIC, data={"body": "国家市场监督管理总局", "page": "2"}),
        ],
        "standards:age_export": [Case(named("standards:age_export"), PUBLIC)],
    }
)
