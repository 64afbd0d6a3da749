from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "biaozhun.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from biaozhun.core import signals  # noqa: F401  (audit listeners)
