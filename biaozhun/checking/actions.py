"""The links checking offers on a standard's page: watch it, ask for its text.

Registered in ``CheckingConfig.ready`` through ``core.navigation.register_object_action``, so the
catalogue's page shows them without the catalogue app importing this one.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from biaozhun.checking.models import WatchKind
from biaozhun.core.navigation import NavEntry


def watch_edition(user: Any, edition: Any) -> NavEntry | None:
    """Signed-in users may watch the standard (all its editions, so a new edition is heard of)."""
    if not getattr(user, "is_authenticated", False):
        return None
    query = urlencode({"kind": WatchKind.WORK, "target": edition.work.key})
    return NavEntry(
        label=_("Watch this standard"),
        url=f"{reverse('checking:watch_new')}?{query}",
        url_name="checking:watch_new",
    )


def request_text(user: Any, edition: Any) -> NavEntry | None:
    """Enterprise members may ask the bureau for the text (免费标准文本)."""
    if not getattr(user, "is_enterprise_member", False):
        return None
    query = urlencode({"number": edition.number})
    return NavEntry(
        label=_("Ask for the text"),
        url=f"{reverse('checking:text_request_new')}?{query}",
        url_name="checking:text_request_new",
    )
