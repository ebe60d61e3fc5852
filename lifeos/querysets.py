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


class OwnerMismatchError(ValueError):
    """A row's ``user`` differs from the owner of its parent row."""


class OwnedThroughParentModel(UserScopedModel):
    """Abstract base: a row owned by the owner of its parent (``owner_parent``).

    The original application leaves ``user_id`` out of these tables' INSERTs, so
    the column is nullable and a database trigger fills it from the parent
    (``lifeos.schema.owners``); Django always writes it, and refuses a user
    other than the parent's.
    """

    owner_parent = None  # name of the foreign key whose row's user owns this row

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        owner = self.owner_from_parent()
        if self.user_id is None:
            self.user_id = owner
        elif owner is not None and owner != self.user_id:
            raise OwnerMismatchError(
                f"{self._meta.verbose_name} belongs to user {owner}, "
                f"the owner of its {self.owner_parent}, not to user {self.user_id}."
            )
        super().save(*args, **kwargs)

    def owner_from_parent(self):
        """The user id of the parent row (None when no parent is set)."""
        parent = getattr(self, self.owner_parent, None)
        return None if parent is None else parent.user_id
