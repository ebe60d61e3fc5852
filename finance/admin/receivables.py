"""Admin of receivables (money lent, with interest), their repayments, and loan groups.

Every write goes through ``finance.services`` (receivables and loan groups), so
the admin obeys the API's rules: a repayment above the payoff on its date, or
one that would overpay a later repayment, is a form error naming the payoff;
nothing is written. The forms check before saving (``receivable_errors``,
``receivable_new_overpayments``); the services check again under the
receivable's row lock, and should they refuse what the form accepted (a
concurrent repayment, or an order of inline changes the services cannot apply
one by one), the whole save is rolled back and the refusal shown as a message.

A receivable's change page shows its computed schedule as of today; the
changelist shows each receivable's payoff and status today (one query for the
whole page); a loan group's change page shows its sums.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from finance import services
from finance.models import LoanGroup, LoanGroupLink, ReceivableManualEntry, ReceivableTracker
from finance.selectors import loan_group_summary, receivable_statement, receivable_statements
from lifeos.admin import (
    UserScopedAdminMixin,
    UserScopedInlineFormSet,
    UserScopedInlineMixin,
    sees_everything,
)
from lifeos.money import money as plain_money

__all__ = [
    "LoanGroupAdmin",
    "LoanGroupLinkAdmin",
    "ReceivableManualEntryAdmin",
    "ReceivableTrackerAdmin",
]

TERMS = ("counterparty", "principal", "start_date", "due_date", "interest_rate")
# Keys of inline rows not saved yet: above every id, in the order of the rows.
NEW_ROW_KEY = 2**62


def money(value):
    """Amounts with thousands separated, as the admin shows totals."""
    return plain_money(value, grouping=True)


def _adopt(obj, saved):
    """Make the admin's ``obj`` the row a service saved (the admin logs and redirects with it)."""
    obj.__dict__.update({key: value for key, value in saved.__dict__.items() if key != "_state"})
    obj._state.adding = False
    obj._state.db = saved._state.db


def _owner(request, obj):
    return obj.user if sees_everything(request) else request.user


class _ServiceRefusalMixin:
    """A refusal by a service after the form accepted the input: rolled back, shown as a message."""

    refusals = (services.ReceivableValidationError, services.LoanGroupValidationError)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except self.refusals as error:
            # changeform_view's transaction has been rolled back: nothing was written.
            for field, field_messages in error.message_dict.items():
                for message in field_messages:
                    self.message_user(request, f"{field}: {message}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


# Receivables -------------------------------------------------------------------


class ReceivableTrackerForm(forms.ModelForm):
    """The services' rules on the terms, as form errors."""

    class Meta:
        model = ReceivableTracker
        fields = ("user", *TERMS)

    def clean(self):
        cleaned_data = super().clean()
        values = {name: cleaned_data.get(name) for name in TERMS}
        if any(name in self.errors for name in TERMS):
            return cleaned_data
        _terms, errors = services.receivable_errors(**values)
        for name, field_messages in errors.items():
            for message in field_messages:
                self.add_error(name if name in self.fields else None, message)
        return cleaned_data


class RepaymentFormSet(UserScopedInlineFormSet):
    """Checks the schedule the rows would make, under the terms of the receivable's form.

    The parent form is valid and applied to ``self.instance`` before the inline
    formsets are validated, so changed terms are checked with the changed rows.
    """

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        tracker = self.instance
        start_date = tracker.start_date
        stored = (
            {entry.pk: entry for entry in ReceivableManualEntry.objects.filter(tracker=tracker)}
            if tracker.pk
            else {}
        )
        rows, form_of = {}, {}
        for key, entry in stored.items():
            rows[key] = (key, entry.entry_date, entry.amount, entry.memo)
        for index, form in enumerate(self.forms):
            if not form.cleaned_data:
                continue
            key = form.instance.pk or NEW_ROW_KEY + index
            if self._should_delete_form(form):
                rows.pop(key, None)
                continue
            entry_date, amount = (
                form.cleaned_data.get("entry_date"),
                form.cleaned_data.get("amount"),
            )
            if entry_date is None or amount is None:
                continue
            if amount <= 0:
                form.add_error("amount", "The amount must be positive.")
                return
            if start_date is not None and entry_date < start_date and form.has_changed():
                form.add_error(
                    "entry_date",
                    f"The repayment date {entry_date} is before the start date {start_date}.",
                )
                return
            rows[key] = (key, entry_date, amount, form.cleaned_data.get("memo"))
            if form.has_changed():
                form_of[key] = form
        terms = {name: getattr(tracker, name) for name in ("principal", "interest_rate")}
        terms["start_date"] = start_date
        if None in (terms["principal"], start_date):
            return
        overpaid = services.receivable_new_overpayments(
            tracker=tracker, repayments=list(rows.values()), terms=terms
        )
        if not overpaid:
            return
        first = overpaid[0]
        form = form_of.get(first.key)
        error = services.overpayment_error(first, own=form is not None)
        if form is not None:
            form.add_error("amount", error.messages[0])
        else:
            raise ValidationError(error.messages[0])


class ReceivableManualEntryInline(UserScopedInlineMixin, admin.TabularInline):
    model = ReceivableManualEntry
    formset = RepaymentFormSet
    fields = ("entry_date", "amount", "memo")
    ordering = ("entry_date", "id")
    extra = 0


class ReceivableChangeList(ChangeList):
    """Computes the page's statements as of today from one query of repayments."""

    def get_results(self, request):
        super().get_results(request)
        statements = receivable_statements(self.result_list, as_of=timezone.localdate())
        for tracker in self.result_list:
            tracker.statement_today = statements[tracker.pk]


def _statement_today(tracker):
    statement = getattr(tracker, "statement_today", None)
    if statement is None:
        statement = receivable_statement(
            user=tracker.user, tracker=tracker, as_of=timezone.localdate()
        )
        tracker.statement_today = statement
    return statement


@admin.register(ReceivableTracker)
class ReceivableTrackerAdmin(_ServiceRefusalMixin, UserScopedAdminMixin, admin.ModelAdmin):
    form = ReceivableTrackerForm
    list_display = (
        "counterparty",
        "principal",
        "interest_rate",
        "start_date",
        "due_date",
        "payoff_today",
        "status_today",
        "user",
    )
    list_filter = ("status", "start_date", "due_date", "user")
    search_fields = ("counterparty",)
    date_hierarchy = "start_date"
    list_select_related = ("user",)
    readonly_fields = ("status", "schedule")
    inlines = (ReceivableManualEntryInline,)

    def get_changelist(self, request, **kwargs):
        return ReceivableChangeList

    @admin.display(description="payoff today")
    def payoff_today(self, tracker):
        return money(_statement_today(tracker).payoff)

    @admin.display(description="status today")
    def status_today(self, tracker):
        return _statement_today(tracker).status

    @admin.display(description="schedule as of today")
    def schedule(self, tracker):
        """The statement as of today: each repayment's split, then the totals."""
        if tracker is None or tracker.pk is None:
            return "-"
        statement = _statement_today(tracker)
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    entry.entry_date,
                    money(entry.amount),
                    money(entry.interest_part),
                    money(entry.principal_part),
                    money(entry.outstanding_after),
                )
                for entry in statement.entries
            ),
        )
        totals = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td></tr>",
            (
                ("repaid", money(statement.repaid)),
                ("interest accrued", money(statement.interest_accrued)),
                ("interest paid", money(statement.interest_paid)),
                ("principal paid", money(statement.principal_paid)),
                ("outstanding principal", money(statement.outstanding_principal)),
                ("outstanding interest", money(statement.outstanding_interest)),
                ("payoff", money(statement.payoff)),
                ("status", statement.status),
            ),
        )
        return format_html(
            '<table class="receivable-schedule"><caption>As of {}</caption>'
            "<thead><tr><th>date</th><th>amount</th><th>interest</th><th>principal</th>"
            "<th>principal left</th></tr></thead><tbody>{}</tbody></table>"
            '<table class="receivable-totals"><tbody>{}</tbody></table>',
            statement.as_of,
            rows,
            totals,
        )

    def save_model(self, request, obj, form, change):
        """A new receivable is created here; changed terms are saved in ``save_related``.

        Saving the terms after the deleted repayments are gone lets one form
        lower the principal and delete the repayment that would exceed it.
        """
        if change:
            return
        tracker = services.receivable_create(
            user=_owner(request, obj), **{name: form.cleaned_data.get(name) for name in TERMS}
        )
        _adopt(obj, tracker)

    def save_related(self, request, form, formsets, change):
        """Repayments through the repayment services: deletions, the terms, changes, additions."""
        tracker = form.instance
        user = tracker.user
        repayments = next((fs for fs in formsets if fs.model is ReceivableManualEntry), None)
        deleted, changed, added = [], [], []
        if repayments is not None:
            for f in repayments.initial_forms:
                if repayments._should_delete_form(f):
                    deleted.append(f.instance)
                elif f.has_changed():
                    changed.append(f)
            added = [
                f
                for f in repayments.extra_forms
                if f.has_changed() and not repayments._should_delete_form(f)
            ]
        for entry in deleted:
            services.receivable_repayment_delete(user=user, entry=entry.pk)
        if change:
            fields = {
                name: form.cleaned_data.get(name) for name in TERMS if name in form.changed_data
            }
            if fields:
                services.receivable_update(user=user, tracker=tracker.pk, **fields)
        changed_objects, new_objects = [], []
        # Lowered amounts first, so that moving money from a later repayment to an
        # earlier one never overpays the later one on the way.
        changed.sort(key=lambda f: f.cleaned_data["amount"] - f.initial.get("amount", 0))
        for f in changed:
            fields = {name: f.cleaned_data.get(name) for name in f.changed_data}
            entry = services.receivable_repayment_update(user=user, entry=f.instance.pk, **fields)
            changed_objects.append((entry, f.changed_data))
        for f in added:
            new_objects.append(
                services.receivable_repayment_create(
                    user=user,
                    tracker=tracker.pk,
                    entry_date=f.cleaned_data["entry_date"],
                    amount=f.cleaned_data["amount"],
                    memo=f.cleaned_data.get("memo"),
                )
            )
        tracker.refresh_from_db()
        # The admin's change message reads what each formset saved.
        for formset in formsets:
            mine = formset is repayments
            formset.new_objects = new_objects if mine else []
            formset.changed_objects = changed_objects if mine else []
            formset.deleted_objects = deleted if mine else []

    def delete_model(self, request, obj):
        services.receivable_delete(user=obj.user, tracker=obj.pk)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for tracker in queryset.select_related("user"):
                services.receivable_delete(user=tracker.user, tracker=tracker.pk)


class RepaymentForm(forms.ModelForm):
    """A repayment on its own page: the services' rules as form errors."""

    class Meta:
        model = ReceivableManualEntry
        fields = ("user", "tracker", "entry_date", "amount", "memo")

    def clean(self):
        cleaned_data = super().clean()
        tracker, entry_date = cleaned_data.get("tracker"), cleaned_data.get("entry_date")
        amount = cleaned_data.get("amount")
        if self.errors or None in (tracker, entry_date, amount):
            return cleaned_data
        if amount <= 0:
            self.add_error("amount", "The amount must be positive.")
            return cleaned_data
        if entry_date < tracker.start_date:
            self.add_error(
                "entry_date",
                f"The repayment date {entry_date} is before the start date {tracker.start_date}.",
            )
            return cleaned_data
        key = self.instance.pk or NEW_ROW_KEY
        rows = [
            (entry.pk, entry.entry_date, entry.amount, entry.memo)
            for entry in ReceivableManualEntry.objects.filter(tracker=tracker)
            if entry.pk != key
        ]
        rows.append((key, entry_date, amount, cleaned_data.get("memo")))
        overpaid = services.receivable_new_overpayments(tracker=tracker, repayments=rows)
        if overpaid:
            own = overpaid[0].key == key
            self.add_error("amount", services.overpayment_error(overpaid[0], own=own).messages[0])
        return cleaned_data


@admin.register(ReceivableManualEntry)
class ReceivableManualEntryAdmin(_ServiceRefusalMixin, UserScopedAdminMixin, admin.ModelAdmin):
    form = RepaymentForm
    list_display = ("entry_date", "tracker", "amount", "user")
    list_filter = ("entry_date", "tracker__status", "user")
    search_fields = ("tracker__counterparty", "memo")
    date_hierarchy = "entry_date"
    list_select_related = ("tracker", "user")
    autocomplete_fields = ("tracker",)

    def save_model(self, request, obj, form, change):
        """Through the repayment services (the entry's owner is its receivable's)."""
        user = obj.tracker.user
        if change:
            fields = {
                name: form.cleaned_data.get(name)
                for name in services.REPAYMENT_UPDATABLE_FIELDS
                if name in form.changed_data
            }
            if "tracker" in form.changed_data:
                # A repayment moves to another receivable as a delete and a create,
                # each checked against its own receivable.
                services.receivable_repayment_delete(user=user, entry=obj.pk)
                saved = self._create(user, obj)
            else:
                saved = services.receivable_repayment_update(user=user, entry=obj.pk, **fields)
        else:
            saved = self._create(user, obj)
        _adopt(obj, saved)

    @staticmethod
    def _create(user, obj):
        return services.receivable_repayment_create(
            user=user,
            tracker=obj.tracker.pk,
            entry_date=obj.entry_date,
            amount=obj.amount,
            memo=obj.memo,
        )

    def delete_model(self, request, obj):
        services.receivable_repayment_delete(user=obj.tracker.user, entry=obj.pk)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for entry in queryset.select_related("tracker__user"):
                services.receivable_repayment_delete(user=entry.tracker.user, entry=entry.pk)


# Loan groups -------------------------------------------------------------------


class LoanGroupLinkInline(UserScopedInlineMixin, admin.TabularInline):
    model = LoanGroupLink
    fields = ("tracker",)
    autocomplete_fields = ("tracker",)
    extra = 0


@admin.register(LoanGroup)
class LoanGroupAdmin(_ServiceRefusalMixin, UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "user")
    list_filter = ("user",)
    search_fields = ("name", "description")
    ordering = ("name",)
    list_select_related = ("user",)
    readonly_fields = ("sums",)
    inlines = (LoanGroupLinkInline,)

    @admin.display(description="sums as of today")
    def sums(self, group):
        """The group's sums over its distinct receivables as of today."""
        if group is None or group.pk is None:
            return "-"
        summary = loan_group_summary(user=group.user, group=group, as_of=timezone.localdate())
        return format_html(
            '<table class="loan-group-sums"><caption>As of {}</caption><tbody>{}</tbody></table>',
            summary.as_of,
            format_html_join(
                "",
                "<tr><th>{}</th><td>{}</td></tr>",
                (
                    ("receivables", len(summary.receivables)),
                    ("principal", money(summary.principal)),
                    ("repaid", money(summary.repaid)),
                    ("outstanding principal", money(summary.outstanding_principal)),
                    ("outstanding interest", money(summary.outstanding_interest)),
                    ("payoff", money(summary.payoff)),
                    ("status", summary.status),
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        """The group's fields through the services; its links in ``save_related``."""
        user = _owner(request, obj)
        if change:
            fields = {
                name: form.cleaned_data.get(name)
                for name in ("name", "description")
                if name in form.changed_data
            }
            if fields:
                services.loan_group_update(user=user, group=obj.pk, **fields)
            return
        group = services.loan_group_create(
            user=user,
            name=form.cleaned_data.get("name"),
            description=form.cleaned_data.get("description"),
        )
        _adopt(obj, group)

    def save_related(self, request, form, formsets, change):
        """The links kept in the inline become the membership (``loan_group_update``)."""
        group = form.instance
        links = next((fs for fs in formsets if fs.model is LoanGroupLink), None)
        if links is None:
            return
        if any(f.has_changed() for f in links.forms) or links.deleted_forms:
            tracker_ids = [
                f.cleaned_data["tracker"].pk
                for f in links.forms
                if f.cleaned_data
                and f.cleaned_data.get("tracker") is not None
                and not links._should_delete_form(f)
            ]
            services.loan_group_update(user=group.user, group=group.pk, tracker_ids=tracker_ids)
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request, obj):
        services.loan_group_delete(user=obj.user, group=obj.pk)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for group in queryset.select_related("user"):
                services.loan_group_delete(user=group.user, group=group.pk)


@admin.register(LoanGroupLink)
class LoanGroupLinkAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    """Read-only: membership is edited on the loan group's page, through its service."""

    list_display = ("group", "tracker", "user")
    list_filter = ("tracker__status", "user")
    search_fields = ("group__name", "tracker__counterparty")
    list_select_related = ("group", "tracker", "user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
