"""Admin of the finance domain: the ledger (accounts, journal entries and lines, transactions)."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html

from finance import services
from finance.models import (
    Account,
    AccountType,
    JournalEntry,
    JournalLine,
    Transaction,
    TrialBalanceSetting,
)
from lifeos.admin import (
    UserScopedAdminMixin,
    UserScopedInlineFormSet,
    UserScopedInlineMixin,
    sees_everything,
)
from lifeos.money import MoneySum, money
from lifeos.normalization import normalize_account_name

# Types whose balance is naturally a debit; the others are naturally credits.
DEBIT_NORMAL_TYPES = {AccountType.ASSET, AccountType.EXPENSE}


def trial_balance_by_type(accounts, *, whole_ledger=True):
    """Debits, credits and natural-sign balance per account type of ``accounts``' lines.

    Sums are exact (``MoneySum``). The verdict (``balanced``, ``difference``) is
    given only for the ``whole_ledger``: a subset of accounts, such as one type,
    is not expected to balance.
    """
    sums = {
        row["account__account_type"]: row
        for row in JournalLine.objects.filter(account__in=accounts.order_by())
        .order_by()
        .values("account__account_type")
        .annotate(debit=MoneySum("debit"), credit=MoneySum("credit"))
    }
    rows = []
    for account_type in AccountType:
        debit = sums.get(account_type.value, {}).get("debit") or Decimal("0.00")
        credit = sums.get(account_type.value, {}).get("credit") or Decimal("0.00")
        balance = debit - credit if account_type in DEBIT_NORMAL_TYPES else credit - debit
        rows.append(
            {"type": account_type.label, "debit": debit, "credit": credit, "balance": balance}
        )
    total_debit = sum((row["debit"] for row in rows), Decimal("0.00"))
    total_credit = sum((row["credit"] for row in rows), Decimal("0.00"))
    return {
        "rows": rows,
        "total_debit": total_debit,
        "total_credit": total_credit,
        "whole_ledger": whole_ledger,
        "balanced": (total_debit == total_credit) if whole_ledger else None,
        "difference": abs(total_debit - total_credit) if whole_ledger else None,
    }


class AccountForm(forms.ModelForm):
    """Repeats the services' rule on names so a clash is a form error, not a crash."""

    class Meta:
        model = Account
        fields = ("user", "name", "account_type", "account_subtype", "is_active")

    def clean(self):
        cleaned_data = super().clean()
        name = cleaned_data.get("name")
        owner = cleaned_data.get("user") or getattr(self, "lifeos_owner", None)
        owner_id = owner.pk if owner is not None else self.instance.user_id
        if name and not name.strip():
            self.add_error("name", "Enter a name.")
        elif name and services.normalized_name_error(name):
            self.add_error("name", services.normalized_name_error(name))
        elif name and owner_id is not None:
            clash = services.account_with_same_name(
                user=get_user_model()(pk=owner_id), name=name, exclude_pk=self.instance.pk
            )
            if clash is not None:
                self.add_error("name", f"An account named {clash.name!r} already exists.")
        return cleaned_data


@admin.register(Account)
class AccountAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    form = AccountForm
    list_display = (
        "name",
        "user",
        "type",
        "subtype",
        "is_active",
        "normalized_name",
        "created",
    )
    list_filter = ("account_type", "account_subtype", "is_active", "created_at", "user")
    search_fields = ("normalized_name",)
    readonly_fields = ("normalized_name", "created_at")
    list_select_related = ("user",)
    date_hierarchy = "created_at"

    # Short headers: a header never wraps, and at 1400 pixels wide the list must fit.
    @admin.display(description="type", ordering="account_type")
    def type(self, account):
        return account.get_account_type_display()

    @admin.display(description="subtype", ordering="account_subtype", empty_value="-")
    def subtype(self, account):
        return account.account_subtype

    @admin.display(description="created", ordering="created_at")
    def created(self, account):
        """The day, with the full time on hover: the whole date and time, unwrappable,
        pushed the last column out of the list at 1400 pixels."""
        if account.created_at is None:
            return ""
        moment = timezone.localtime(account.created_at)
        return format_html(
            '<time datetime="{}" title="{}" style="white-space: nowrap">{}</time>',
            moment.isoformat(),
            f"{moment:%Y-%m-%d %H:%M:%S %Z}",
            f"{moment:%Y-%m-%d}",
        )

    def get_search_results(self, request, queryset, search_term):
        """Search the normalized name with the normalized term: "  café" finds "CAFÉ"."""
        needle = normalize_account_name(search_term)
        if not needle:
            return queryset, False
        return queryset.filter(normalized_name__contains=needle), False

    def save_model(self, request, obj, form, change):
        """Write through the finance services, so ``finance.account.created`` is sent."""
        if not sees_everything(request):
            obj.user = request.user
        if change:
            fields = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in services.ACCOUNT_UPDATABLE_FIELDS
            }
            services.account_update(user=obj.user, account=obj, **fields)
            return
        account = services.account_create(
            user=obj.user,
            name=obj.name,
            account_type=obj.account_type,
            account_subtype=obj.account_subtype,
        )
        if not obj.is_active:
            services.account_update(user=obj.user, account=account, is_active=False)
        # The admin goes on with ``obj`` (log entry, redirect): make it the saved row.
        obj.__dict__.update(
            {key: value for key, value in account.__dict__.items() if key != "_state"}
        )
        obj._state.adding = False
        obj._state.db = account._state.db

    def get_deleted_objects(self, objs, request):
        """Lines posting to an account block its deletion: list them as protected (they are
        RESTRICT), not as objects the user may not delete (their own admin is read-only)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            perms_needed.discard(JournalLine._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        """Through ``account_delete``; the delete page already lists the lines that block it."""
        services.account_delete(user=obj.user, account=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for account in queryset.select_related("user"):
                services.account_delete(user=account.user, account=account)

    def delete_view(self, request, object_id, extra_context=None):
        """A line written between the confirmation page and the POST is a message, not a 500."""
        try:
            return super().delete_view(request, object_id, extra_context)
        except services.AccountInUseError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def changelist_view(self, request, extra_context=None):
        try:
            response = super().changelist_view(request, extra_context)
        except services.AccountInUseError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            filtered = bool(changelist.has_active_filters or changelist.query)
            response.context_data["trial_balance"] = trial_balance_by_type(
                changelist.queryset, whole_ledger=not filtered
            )
        return response


class JournalLineForm(forms.ModelForm):
    """A line where the unused side may be left blank (it means zero)."""

    class Meta:
        model = JournalLine
        fields = ("account", "debit", "credit", "memo")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for side in ("debit", "credit"):
            self.fields[side].required = False

    def clean_debit(self):
        return self.cleaned_data.get("debit") or Decimal("0.00")

    def clean_credit(self):
        return self.cleaned_data.get("credit") or Decimal("0.00")


class JournalLineFormSet(UserScopedInlineFormSet):
    """Repeats ``journal_entry_create``'s rules so a bad entry is a form error."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        total_debit = total_credit = Decimal("0.00")
        lines = 0
        for form in self.forms:
            if not form.cleaned_data or self._should_delete_form(form):
                continue
            debit = form.cleaned_data.get("debit") or Decimal("0")
            credit = form.cleaned_data.get("credit") or Decimal("0")
            if (debit > 0) == (credit > 0) or debit < 0 or credit < 0:
                form.add_error(None, "Give exactly one positive amount: a debit or a credit.")
                return
            total_debit += debit
            total_credit += credit
            lines += 1
        if lines < 2:
            raise forms.ValidationError("A journal entry needs at least two lines.")
        if total_debit != total_credit:
            raise forms.ValidationError(
                f"The entry does not balance: debits ({total_debit}) must equal "
                f"credits ({total_credit})."
            )


class JournalLineInline(UserScopedInlineMixin, admin.TabularInline):
    model = JournalLine
    form = JournalLineForm
    formset = JournalLineFormSet
    fields = ("account", "debit", "credit", "memo")
    autocomplete_fields = ("account",)
    extra = 2


@admin.register(JournalEntry)
class JournalEntryAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("posted_at", "description", "reference", "user", "line_count", "amount")
    list_filter = ("posted_at", "user")
    search_fields = ("description", "reference")
    date_hierarchy = "posted_at"
    readonly_fields = ("created_at",)
    list_select_related = ("user",)
    inlines = (JournalLineInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(line_count=Count("lines"), amount=MoneySum("lines__debit"))
        )

    @admin.display(description="lines", ordering="line_count")
    def line_count(self, entry):
        return entry.line_count

    @admin.display(description="amount", ordering="amount")
    def amount(self, entry):
        return money(entry.amount)

    def save_model(self, request, obj, form, change):
        # The entry is written with its lines by a service, in save_related.
        if not change and not sees_everything(request):
            obj.user = request.user

    def get_deleted_objects(self, objs, request):
        """An entry's lines go with it: deleting it needs no permission on lines of their own
        (their own admin is read-only)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(JournalLine._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.journal_entry_delete(user=obj.user, entry=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for entry in queryset.select_related("user"):
                services.journal_entry_delete(user=entry.user, entry=entry)

    def save_related(self, request, form, formsets, change):
        """Post or replace the entry and its lines through the journal-entry services."""
        obj = form.instance
        line_formset = next(fs for fs in formsets if fs.model is JournalLine)
        lines = [
            {
                "account_id": f.cleaned_data["account"].pk,
                "debit": f.cleaned_data.get("debit") or None,
                "credit": f.cleaned_data.get("credit") or None,
                "memo": f.cleaned_data.get("memo", ""),
            }
            for f in line_formset.forms
            if f.cleaned_data and not line_formset._should_delete_form(f)
        ]
        fields = {
            "posted_at": obj.posted_at,
            "description": obj.description,
            "reference": obj.reference,
            "lines": lines,
        }
        if change:
            entry = services.journal_entry_update(user=obj.user, entry=obj, **fields)
        else:
            entry = services.journal_entry_create(user=obj.user, **fields)
            obj.pk = entry.pk
            obj._state.adding = False
            obj._state.db = entry._state.db
        # The admin's change message reads what each formset saved.
        for formset in formsets:
            formset.new_objects = list(entry.lines.all()) if formset is line_formset else []
            formset.changed_objects = []
            formset.deleted_objects = []


@admin.register(JournalLine)
class JournalLineAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    """Read-only: a line is added, changed or deleted only with its entry.

    Writing one line alone unbalances its entry (on PostgreSQL the ledger
    trigger then fails the commit); the journal entry's page edits all its
    lines at once through ``journal_entry_update``.
    """

    list_display = ("entry", "account", "debit", "credit", "memo", "user")
    list_filter = ("account__account_type", "entry__posted_at", "user")
    search_fields = ("memo", "account__normalized_name", "entry__description")
    list_select_related = ("entry", "account", "user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Transaction)
class TransactionAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("occurred_at", "amount", "description", "account", "journal_entry", "user")
    list_filter = ("occurred_at", ("journal_entry", admin.EmptyFieldListFilter), "user")
    search_fields = ("description", "account__normalized_name")
    date_hierarchy = "occurred_at"
    list_select_related = ("account", "journal_entry", "user")
    autocomplete_fields = ("account", "journal_entry")


@admin.register(TrialBalanceSetting)
class TrialBalanceSettingAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "group_by_subtype", "include_zero_balances", "updated_at")
    list_filter = ("group_by_subtype", "include_zero_balances", "updated_at")
    search_fields = ("month", "user__email")
    readonly_fields = ("updated_at",)
    list_select_related = ("user",)
