from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "biaozhun.declarations"
    label = "declarations"
    verbose_name = _("Self-declarations")

    def ready(self) -> None:
        from biaozhun.core.navigation import NavItem, register_nav

        # Declaring: an enterprise's own declarations, and flags when an executed standard changes.
        from biaozhun.declarations import signals as declaring_signals

        register_nav(
            NavItem(
                label=_("My declarations"),
                url_name="declarations:mine",
                order=30,
                visible=lambda user: bool(getattr(user, "is_enterprise_member", False)),
            )
        )
        declaring_signals.connect()

        # Disclosure: the public search of published declarations, open to everyone.
        register_nav(NavItem(label=_("Declarations"), url_name="declarations:public_search", order=25))

        # Screening: every published declaration is screened each night; the bureau's review queue.
        from biaozhun.core.schedule import register_daily
        from biaozhun.declarations import tasks as declaration_tasks

        register_daily("declarations.screen_all_published", declaration_tasks.screen_all_published, hour=3)
        register_nav(
            NavItem(
                label=_("Screening findings"),
                url_name="declarations:screening_queue",
                order=31,
                visible=lambda user: bool(getattr(user, "is_bureau_admin", False)),
            )
        )
