from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_bureau_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_bureau_admin)


def _has_own_organisation(user: Any) -> bool:
    """Enterprise members, and applicants whose registration is still under review."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_enterprise_member:
        return True
    from biaozhun.accounts.selectors import registration_of

    return registration_of(user) is not None


class AccountsConfig(AppConfig):
    name = "biaozhun.accounts"
    label = "accounts"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        from biaozhun.accounts import selectors
        from biaozhun.core.navigation import DashboardPanel, NavItem, register_nav, register_panel

        register_nav(
            NavItem(_("My organisation"), "accounts:my_organisation", order=80, visible=_has_own_organisation)
        )
        register_nav(
            NavItem(_("Organisations"), "accounts:organisation_list", order=900, visible=_is_bureau_admin)
        )
        register_nav(
            NavItem(_("Registrations"), "accounts:registration_list", order=910, visible=_is_bureau_admin)
        )

        register_panel(
            DashboardPanel("accounts.registration_status", selectors.registration_status_panel, order=5)
        )
        register_panel(DashboardPanel("accounts.registrations", selectors.registrations_panel, order=20))
        register_panel(DashboardPanel("accounts.my_organisation", selectors.my_organisation_panel, order=30))
