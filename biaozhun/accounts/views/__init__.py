"""Sign-in, registration, invitations, profile and API tokens, organisation management.

Views stay thin: they fetch objects only through ``get_visible_or_404`` / ``get_editable_or_404``,
validate a form, call one service or selector and render. State changes are POSTs behind a
confirmation page. The package is split by page group; ``urls.py`` imports everything from here.
"""

from biaozhun.accounts.views.auth import LoginView, LogoutView
from biaozhun.accounts.views.invitations import (
    invitation_accept,
    invitation_create,
    invitation_revoke,
    membership_deactivate,
)
from biaozhun.accounts.views.organisations import (
    my_organisation,
    organisation_archive,
    organisation_create,
    organisation_detail,
    organisation_edit,
    organisation_export,
    organisation_list,
)
from biaozhun.accounts.views.profile import api_token_create, api_token_revoke, profile
from biaozhun.accounts.views.registration import (
    register,
    register_done,
    registration_approve,
    registration_list,
    registration_reject,
)

__all__ = [
    "LoginView",
    "LogoutView",
    "api_token_create",
    "api_token_revoke",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "membership_deactivate",
    "my_organisation",
    "organisation_archive",
    "organisation_create",
    "organisation_detail",
    "organisation_edit",
    "organisation_export",
    "organisation_list",
    "profile",
    "register",
    "register_done",
    "registration_approve",
    "registration_list",
    "registration_reject",
]
