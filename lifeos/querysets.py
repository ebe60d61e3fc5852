"""User scoping shared by every user-owned model."""

from django.conf import settings
from django.db import models


class UserScopedQuerySet(models.QuerySet):
    """A queryset that every code path narrows to one user before reading."""

    def for_user(self, user):
        """Rows owned by ``user``; nothing for an anonymous or missing user."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user_id=user.pk)


class UserScopedModel(models.Model):
    """Abstract base: a non-null owner, deleted with the user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
    )

    objects = UserScopedQuerySet.as_manager()

    class Meta:
        abstract = True
