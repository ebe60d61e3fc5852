"""Admin mechanisms shared by every LifeOS app: ownership of user-scoped rows.

Superusers see and edit every row. A staff user who is not a superuser sees and
edits only the rows whose ``user`` is themselves, cannot pick another user's row
in any foreign-key field (select, autocomplete or inline), and owns what they add.
Every app's ``admin.py`` builds its admin classes on these two mixins.

No value of another user's rows reaches a staff user's admin page: list filters
offer only values and rows of their own (``scoped_list_filter``), foreign-key and
many-to-many choices are their own rows, and counts are of their rows.
"""

from django.contrib import admin
from django.contrib.admin.filters import (
    AllValuesFieldListFilter,
    FieldListFilter,
    ListFilter,
    RelatedFieldListFilter,
)
from django.contrib.admin.utils import get_fields_from_path, get_model_from_relation
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet

from lifeos.models import User
from lifeos.querysets import UserScopedModel

OWNER_FIELD = "user"


def is_user_scoped(model):
    """Whether rows of ``model`` belong to a user."""
    return issubclass(model, UserScopedModel)


def sees_everything(request):
    """Superusers see every user's rows."""
    return request.user.is_active and request.user.is_superuser


def _scoped_queryset(model, request):
    """Rows of ``model`` the request's user may see (and pick)."""
    queryset = model._default_manager.get_queryset()
    if sees_everything(request) or not is_user_scoped(model):
        return queryset
    return queryset.for_user(request.user)


def _own_rows(model, request):
    """A ``Q`` of the rows of ``model`` a staff user may see, or None when they may see all."""
    if sees_everything(request):
        return None
    if model is get_user_model():
        return Q(pk=request.user.pk)
    if is_user_scoped(model):
        return Q(user_id=request.user.pk)
    return None


class ScopedRelatedFieldListFilter(RelatedFieldListFilter):
    """A filter on a relation offering only related rows the request's user may see.

    Django's filter lists every row of the related model, whoever owns it.
    """

    def field_choices(self, field, request, model_admin):
        own = _own_rows(get_model_from_relation(field), request)
        if own is None:
            return super().field_choices(field, request, model_admin)
        limit = getattr(field, "get_limit_choices_to", dict)()
        if limit:
            own &= limit if isinstance(limit, Q) else Q(**limit)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, limit_choices_to=own, ordering=ordering)


class ScopedAllValuesFieldListFilter(AllValuesFieldListFilter):
    """A filter on a value offering only the values of the request's user's rows.

    For a path through a relation (``skill__category``) Django reads the values
    of every row of the related model, whoever owns it; here they are read
    through the admin's own queryset: values of the rows the list can show.
    """

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        if not sees_everything(request):
            self.lookup_choices = (
                model_admin.get_queryset(request)
                .order_by(field_path)
                .values_list(field_path, flat=True)
                .distinct()
            )


# Django's filters that read rows of other models, and their scoped equivalents.
SCOPED_FILTERS = {
    RelatedFieldListFilter: ScopedRelatedFieldListFilter,
    AllValuesFieldListFilter: ScopedAllValuesFieldListFilter,
}


def scoped_list_filter(model, item):
    """``item`` of a ``list_filter``, with the scoped equivalent of a filter that would leak.

    A field path gets the class Django would pick for it (as ``FieldListFilter.create``
    does), replaced by its scoped equivalent; a ``(path, class)`` pair gets its class
    replaced. ``SimpleListFilter`` classes and other filters are kept as they are.
    """
    if isinstance(item, type) and issubclass(item, ListFilter):
        return item
    if isinstance(item, list | tuple):
        path, filter_class = item
    else:
        path = item
        field = get_fields_from_path(model, path)[-1]
        filter_class = next(
            (cls for test, cls in FieldListFilter._field_list_filters if test(field)), None
        )
    scoped = SCOPED_FILTERS.get(filter_class)
    return item if scoped is None else (path, scoped)


def foreign_key_owner_errors(instance, cleaned_data, owner_id):
    """Errors for foreign keys in ``cleaned_data`` pointing at rows of another owner."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if not field.many_to_one or field.name == OWNER_FIELD:
            continue
        if not is_user_scoped(field.related_model):
            continue
        value = cleaned_data.get(field.name)
        if value is not None and owner_id is not None and value.user_id != owner_id:
            errors[field.name] = ValidationError(
                "%(row)s belongs to another user than this %(model)s.",
                code="other_owner",
                params={"row": value, "model": instance._meta.verbose_name},
            )
    return errors


class _OwnedFormMixin:
    """Sets the owner before validation, so unique checks on ``user`` run; checks FK owners."""

    lifeos_owner = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.lifeos_owner is not None and self.instance.user_id is None:
            self.instance.user = self.lifeos_owner

    def _get_validation_exclusions(self):
        # ``user`` is not a form field for staff, but (user, name) constraints
        # must still be checked before the database rejects the row.
        exclude = super()._get_validation_exclusions()
        if self.instance.user_id is not None:
            exclude.discard(OWNER_FIELD)
        return exclude

    def clean(self):
        cleaned_data = super().clean()
        owner = cleaned_data.get(OWNER_FIELD) or self.lifeos_owner
        owner_id = owner.pk if owner is not None else self.instance.user_id
        for name, error in foreign_key_owner_errors(self.instance, cleaned_data, owner_id).items():
            if name in self.fields:
                self.add_error(name, error)
        return cleaned_data


class _ScopedChoicesMixin:
    """Foreign-key and many-to-many choices: only rows the request's user may see."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != OWNER_FIELD and is_user_scoped(db_field.related_model):
            kwargs.setdefault("queryset", _scoped_queryset(db_field.related_model, request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        own = _own_rows(db_field.related_model, request)
        if own is not None:
            kwargs.setdefault("queryset", db_field.related_model._default_manager.filter(own))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class UserScopedAdminMixin(_ScopedChoicesMixin):
    """ModelAdmin ownership rules for a user-scoped model (see the module docstring)."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_everything(request):
            return queryset
        return queryset.for_user(request.user)

    def get_ordering(self, request):
        # Autocomplete pages need an order; newest first unless the admin says otherwise.
        return super().get_ordering(request) or self.model._meta.ordering or ("-pk",)

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not sees_everything(request):
            exclude.append(OWNER_FIELD)
        return exclude

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if not sees_everything(request) and OWNER_FIELD in fields:
            fields.remove(OWNER_FIELD)
        return fields

    def get_readonly_fields(self, request, obj=None):
        # Moving a row to another owner would strand its children with the old one.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and sees_everything(request) and OWNER_FIELD not in fields:
            fields.append(OWNER_FIELD)
        return fields

    def get_autocomplete_fields(self, request):
        # Users can be many: superusers pick an owner by typing.
        fields = list(super().get_autocomplete_fields(request))
        if OWNER_FIELD not in fields:
            fields.append(OWNER_FIELD)
        return fields

    def get_list_display(self, request):
        # A staff user sees only their own rows: an owner column would repeat them.
        columns = list(super().get_list_display(request))
        if not sees_everything(request) and OWNER_FIELD in columns:
            columns.remove(OWNER_FIELD)
        return columns

    def get_list_filter(self, request):
        # The owner filter would list every user's name; the others list only their values.
        filters = list(super().get_list_filter(request))
        if sees_everything(request):
            return filters
        return [
            scoped_list_filter(self.model, item)
            for item in filters
            if item != OWNER_FIELD
            and not (isinstance(item, list | tuple) and item[0] == OWNER_FIELD)
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        owner = None if sees_everything(request) else request.user
        return type(form.__name__, (_OwnedFormMixin, form), {"lifeos_owner": owner})

    def save_model(self, request, obj, form, change):
        if not sees_everything(request):
            obj.user = request.user
        super().save_model(request, obj, form, change)


class UserScopedInlineFormSet(BaseInlineFormSet):
    """Inline rows belong to their parent's user; their foreign keys must too."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.instance is not None and self.instance.user_id is not None:
            form.instance.user_id = self.instance.user_id
        return form

    def clean(self):
        super().clean()
        owner_id = self.instance.user_id if self.instance is not None else None
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            errors = foreign_key_owner_errors(form.instance, form.cleaned_data, owner_id)
            for name, error in errors.items():
                form.add_error(name, error)

    def save_new(self, form, commit=True):
        form.instance.user_id = self.instance.user_id
        return super().save_new(form, commit=commit)


class UserScopedInlineMixin(_ScopedChoicesMixin):
    """InlineModelAdmin ownership rules: rows share the parent's user, FK choices are scoped."""

    formset = UserScopedInlineFormSet

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_everything(request):
            return queryset
        return queryset.for_user(request.user)

    def get_exclude(self, request, obj=None):
        # An inline row's owner is always its parent's owner.
        return [*(super().get_exclude(request, obj) or []), OWNER_FIELD]


class UserCreationForm(BaseUserCreationForm):
    """Add a user by e-mail address and password (stored as bcrypt, see lifeos.passwords)."""

    class Meta:
        model = User
        fields = ("email",)


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """The original application's users: e-mail as the login, no username.

    A staff user who is not a superuser sees only their own account.
    """

    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "full_name", "timezone", "is_active", "is_staff", "is_superuser")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("email", "full_name")
    readonly_fields = ("last_login", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "timezone")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "created_at", "updated_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "password1", "password2"),
            },
        ),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_everything(request):
            return queryset
        return queryset.filter(pk=request.user.pk)
