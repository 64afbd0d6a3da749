"""Access helpers: the one way views fetch objects and check roles.

Objects are fetched through their queryset's ``visible_to`` / ``editable_by`` so that an id a
user is not entitled to is indistinguishable from one that does not exist (404, not 403).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

M = TypeVar("M", bound=models.Model)
View = Callable[..., HttpResponse]


def _queryset(model_or_qs: type[M] | models.QuerySet[M]) -> models.QuerySet[M]:
    if isinstance(model_or_qs, models.QuerySet):
        return model_or_qs
    return model_or_qs._default_manager.all()


def get_visible_or_404(model_or_qs: type[M] | models.QuerySet[M], user: Any, **lookup: Any) -> M:
    """The object matching ``lookup`` among those ``user`` may see, or 404."""
    qs = _queryset(model_or_qs).visible_to(user)  # type: ignore[attr-defined]
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_editable_or_404(model_or_qs: type[M] | models.QuerySet[M], user: Any, **lookup: Any) -> M:
    """The object matching ``lookup`` among those ``user`` may edit, or 404."""
    qs = _queryset(model_or_qs).editable_by(user)  # type: ignore[attr-defined]
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def role_required(*roles: str) -> Callable[[View], View]:
    """Let through signed-in users holding any of ``roles``; send others to login or a 403.

    Role names are those of ``accounts.models.Role``; the check is ``user.has_role(*roles)``.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
