from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckingConfig(AppConfig):
    name = "biaozhun.checking"
    label = "checking"
    verbose_name = _("Validity checks")
