from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "biaozhun.supervision"
    label = "supervision"
    verbose_name = _("Random spot checks")

    def ready(self) -> None:
        from biaozhun.core.navigation import NavItem, everyone, register_nav
        from biaozhun.core.schedule import register_daily
        from biaozhun.supervision import tasks
        from biaozhun.supervision.models import is_inspector

        register_daily("supervision.notice_reminders", tasks.send_notice_reminders, hour=7)
        register_nav(
            NavItem(
                label=_("Spot-check results"),
                url_name="supervision:public_results",
                order=60,
                visible=everyone,
            )
        )
        register_nav(
            NavItem(
                label=_("Spot-check plans"),
                url_name="supervision:plan_list",
                order=61,
                visible=lambda user: bool(getattr(user, "is_bureau_admin", False)),
            )
        )
        register_nav(
            NavItem(
                label=_("My inspections"),
                url_name="supervision:inspector_assignments",
                order=62,
                visible=is_inspector,
            )
        )
        register_nav(
            NavItem(
                label=_("Spot checks of my declarations"),
                url_name="supervision:enterprise_checks",
                order=63,
                visible=lambda user: bool(getattr(user, "is_enterprise_member", False)),
            )
        )
