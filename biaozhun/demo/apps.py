from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for `make demo`. The one app allowed to import every other app; never used in production."""

    name = "biaozhun.demo"
    label = "demo"
    verbose_name = _("Demo data")
