from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "biaozhun.reference"
    label = "reference"
    verbose_name = _("Reference code lists")

    def ready(self) -> None:
        from biaozhun.core.navigation import NavItem, everyone, register_nav
        from biaozhun.core.stats import register_stat
        from biaozhun.reference import selectors

        register_nav(NavItem(label=_("Code lists"), url_name="reference:index", order=80, visible=everyone))
        register_stat(
            "reference.ccs_categories",
            lambda: (_("CCS categories"), selectors.ccs_category_count()),
            order=80,
        )
