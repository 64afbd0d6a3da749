from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_bureau_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_bureau_admin", False))


def _recent_changes_panel(user: Any) -> Any:
    """The bureau's view of the latest entries in the audit trail; None for everyone else."""
    from django.urls import reverse
    from django.utils import timezone

    from biaozhun.core.audit_selectors import audit_recent_events
    from biaozhun.core.navigation import PanelContent

    if not _is_bureau_admin(user):
        return None
    events = audit_recent_events(user=user)
    return PanelContent(
        title=_("Recent changes"),
        items=[
            (
                f"{timezone.localtime(e.created_at):%m-%d %H:%M} {e.actor_label or _('System')} · {e.get_action_display()}"
                + (f" · {e.object_repr}" if e.object_repr else ""),
                reverse("audit:event_detail", args=[e.pk]),
            )
            for e in events
        ],
        more_url=reverse("audit:event_list"),
        empty_text=_("No changes recorded yet."),
    )


class CoreConfig(AppConfig):
    name = "biaozhun.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from biaozhun.core import (
            signals,  # noqa: F401  (audit listeners)
            tasks,
        )
        from biaozhun.core.navigation import DashboardPanel, NavItem, register_nav, register_panel
        from biaozhun.core.schedule import register_daily

        # Everyone's notifications not yet e-mailed, in one message each, every morning.
        register_daily("core.notification_digest", tasks.send_notification_digest, hour=7)

        register_nav(
            NavItem(label=_("Audit trail"), url_name="audit:event_list", order=900, visible=_is_bureau_admin)
        )
        register_panel(DashboardPanel(key="core.recent_changes", build=_recent_changes_panel, order=900))
