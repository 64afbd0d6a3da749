from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from biaozhun.accounts import views
from biaozhun.accounts.forms import QueuedPasswordResetForm

app_name = "accounts"

# Django's auth views get our templates by name: the admin app ships templates under the same
# default names (registration/…) and would otherwise win, being installed first.
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change_form.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            form_class=QueuedPasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            extra_email_context={"site_name": settings.SITE_NAME},
        ),
        name="password_reset",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    # Enterprise self-registration and the bureau's review.
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register_done"),
    path("registrations/", views.registration_list, name="registration_list"),
    path("registrations/<int:pk>/approve/", views.registration_approve, name="registration_approve"),
    path("registrations/<int:pk>/reject/", views.registration_reject, name="registration_reject"),
    # Organisations.
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/export/", views.organisation_export, name="organisation_export"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/mine/", views.my_organisation, name="my_organisation"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/archive/", views.organisation_archive, name="organisation_archive"),
    path("organisations/<int:pk>/invite/", views.invitation_create, name="invitation_create"),
    # Invitations and memberships.
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/accept/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("memberships/<int:pk>/deactivate/", views.membership_deactivate, name="membership_deactivate"),
    # The signed-in user's own profile and API tokens.
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/new/", views.api_token_create, name="api_token_create"),
    path("profile/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
