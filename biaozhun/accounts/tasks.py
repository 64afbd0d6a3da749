"""Background work for accounts: sending notification emails without holding up the request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_notification_email(*, subject: str, body: str, recipients: list[str]) -> int:
    """Send one plain-text email; the text is rendered by the service, in the user's language.

    Rendering happens before enqueueing because the worker has no request and so no language.
    """
    if not recipients:
        return 0
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
