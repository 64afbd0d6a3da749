from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckingConfig(AppConfig):
    name = "biaozhun.checking"
    label = "checking"
    verbose_name = _("Validity checks")

    def ready(self) -> None:
        from biaozhun.core.navigation import NavItem, register_nav, signed_in

        register_nav(
            NavItem(label=_("Validity check"), url_name="checking:check_new", order=20, visible=signed_in)
        )

        # Watchlists: alerts after every catalogue change, and the yearly reminder to re-check a list.
        from biaozhun.checking import signals as watch_signals
        from biaozhun.checking import tasks as watch_tasks
        from biaozhun.core.schedule import register_daily

        watch_signals.connect()
        register_daily(
            "checking.controlled_list_reminders", watch_tasks.send_controlled_list_reminders, hour=6
        )
        register_nav(
            NavItem(label=_("Watchlist"), url_name="checking:watch_list", order=25, visible=signed_in)
        )

        # Standard texts: enterprises ask, the bureau answers and keeps the ledger, officials follow the target.
        from biaozhun.checking.selectors.texts import texts_this_year_stat
        from biaozhun.core.stats import register_stat

        register_nav(
            NavItem(
                label=_("Standard texts"),
                url_name="checking:text_request_list",
                order=27,
                visible=lambda user: bool(getattr(user, "is_enterprise_member", False)),
            )
        )
        register_nav(
            NavItem(
                label=_("Text requests"),
                url_name="checking:text_queue",
                order=27,
                visible=lambda user: bool(getattr(user, "is_bureau_admin", False)),
            )
        )
        register_nav(
            NavItem(
                label=_("Free texts target"),
                url_name="checking:text_target",
                order=28,
                visible=lambda user: bool(getattr(user, "is_official", False)),
            )
        )
        register_stat("checking.texts_this_year", texts_this_year_stat, order=40)

        # On a standard's page: watch it, ask for its text.
        from biaozhun.checking import actions
        from biaozhun.core.navigation import ObjectAction, register_object_action

        register_object_action(
            "standards.edition", ObjectAction("checking.watch", actions.watch_edition, order=10)
        )
        register_object_action(
            "standards.edition", ObjectAction("checking.text", actions.request_text, order=20)
        )
