from django.apps import AppConfig
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "biaozhun.standards"
    label = "standards"
    verbose_name = _("Standards catalogue")

    def ready(self) -> None:
        from biaozhun.core.navigation import NavItem, everyone, register_nav
        from biaozhun.core.schedule import register_daily
        from biaozhun.core.stats import register_stat
        from biaozhun.standards import tasks

        # Statuses follow the calendar: editions come into force (and replace others) at midnight.
        register_daily("standards.apply_dates", tasks.apply_catalogue_dates, hour=0)
        register_nav(
            NavItem(
                label=_("Catalogue imports"),
                url_name="standards:import_list",
                order=85,
                visible=lambda user: getattr(user, "is_bureau_admin", False),
            )
        )
        register_nav(NavItem(label=_("Standards"), url_name="standards:search", order=10, visible=everyone))
        register_nav(
            NavItem(
                label=_("Thematic databases"), url_name="standards:topic_list", order=12, visible=everyone
            )
        )
        register_nav(NavItem(label=_("Standard age"), url_name="standards:age", order=14, visible=everyone))

        # Thematic databases follow the catalogue: every import and daily run refreshes their members.
        from biaozhun.standards.services.topics import on_catalogue_changed
        from biaozhun.standards.signals import catalogue_changed

        catalogue_changed.connect(on_catalogue_changed, dispatch_uid="standards.topics_refresh")

        def catalogue_size() -> tuple[str | Promise, int]:
            # Imported when the home page asks, not at start-up: selectors pull in the search backend.
            from biaozhun.standards.selectors import edition_count

            return _("Standards in the catalogue"), edition_count()

        register_stat("standards.editions", catalogue_size, order=10)
