"""Admin of the cash-flow planner: schedule rows with the forecast chart, scenarios, balances.

Every save and delete goes through ``finance.services.schedule`` (so the
stored daily balances are refreshed and the services' rules apply); the forms
run the services' checks first, so a bad row is a form error, not a 500.
Scenario rows are edited on their scenario's page only, and the stored daily
balances are derived: both of their own admins are read-only.
"""

import datetime

from django import forms
from django.contrib import admin
from django.db import transaction

from finance import selectors, services
from finance.models import (
    MoneyScheduleDailyBalance,
    MoneyScheduleRow,
    MoneyScheduleScenario,
    MoneyScheduleScenarioRow,
)
from finance.selectors.forecast import today
from lifeos.admin import (
    UserScopedAdminMixin,
    UserScopedInlineFormSet,
    UserScopedInlineMixin,
    sees_everything,
)
from lifeos.money import money

# Days of the forecast chart on the schedule changelist, from today.
CHART_DAYS = 90
CHART_WIDTH = 720
CHART_HEIGHT = 160

# The services' field names, as the admin forms name them.
ROW_FORM_FIELD = {"account_id": "account"}
SCENARIO_ROW_FORM_FIELD = {
    "account_id": "account",
    "base_row_id": "base_row",
    "amount": "delta_amount",
}

# Rows deleted with a schedule row or scenario that have no editable admin of their own.
DERIVED = {
    MoneyScheduleScenarioRow._meta.verbose_name,
    MoneyScheduleDailyBalance._meta.verbose_name,
}


def _add_service_errors(form, error, names):
    """Put a PlanningValidationError's messages on ``form``'s fields (or the form).

    ``names`` maps the services' field names to the form's where they differ.
    """
    for name, messages in error.message_dict.items():
        field = names.get(name, name)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


def _owner(form):
    owner = form.cleaned_data.get("user") or getattr(form, "lifeos_owner", None)
    return owner if owner is not None else getattr(form.instance, "user", None)


def forecast_chart(user, *, days=CHART_DAYS):
    """``user``'s default forecast from today as the bars of a server-rendered SVG chart.

    Each day is a bar from the zero line to its balance (below it when
    negative); the geometry is floats, the figures shown are exact money.
    """
    start = today()
    result = selectors.cash_flow_forecast(
        user=user, date_from=start, date_to=start + datetime.timedelta(days=days - 1)
    )
    balances = [day.balance for day in result.days]
    top = max(max(balances), 0)
    bottom = min(min(balances), 0)
    span = float(top - bottom) or 1.0
    width = CHART_WIDTH / len(balances)

    def y(value):
        return round(float(top - value) / span * CHART_HEIGHT, 2)

    bars = []
    for index, day in enumerate(result.days):
        high, low = y(max(day.balance, 0)), y(min(day.balance, 0))
        bars.append(
            {
                "x": round(index * width, 2),
                "y": high,
                "width": round(width * 0.8, 2),
                "height": max(round(low - high, 2), 0.5),
                "negative": day.balance < 0,
                "title": f"{day.date:%Y-%m-%d}: {money(day.balance, grouping=True)}",
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "zero_y": y(0),
        "bars": bars,
        "start": result.date_from,
        "end": result.date_to,
        "opening": money(result.opening_balance, grouping=True),
        "closing": money(balances[-1], grouping=True),
        "lowest_date": result.lowest.date,
        "lowest": money(result.lowest.balance, grouping=True),
        "first_negative": result.first_negative,
    }


class MoneyScheduleRowForm(forms.ModelForm):
    """Runs ``clean_schedule_row`` so the services' rules are form errors."""

    class Meta:
        model = MoneyScheduleRow
        fields = ("user", "account", "event_date", "amount", "memo", "recurrence")
        fields += ("recurrence_until",)

    def clean(self):
        cleaned_data = super().clean()
        owner = _owner(self)
        if self.errors or owner is None:
            return cleaned_data
        try:
            self.lifeos_cleaned = services.clean_schedule_row(
                user=owner,
                fields=_row_fields(cleaned_data),
                row=self.instance if self.instance.pk else None,
            )
        except selectors.PlanningValidationError as error:
            _add_service_errors(self, error, ROW_FORM_FIELD)
        return cleaned_data


def _row_fields(cleaned_data):
    fields = {
        name: cleaned_data.get(name)
        for name in ("event_date", "amount", "memo", "recurrence", "recurrence_until")
    }
    account = cleaned_data.get("account")
    fields["account_id"] = account.pk if account is not None else None
    return fields


@admin.register(MoneyScheduleRow)
class MoneyScheduleRowAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    """Schedule rows, with the logged-in user's default forecast charted above the list."""

    form = MoneyScheduleRowForm
    list_display = ("event_date", "memo", "amount_shown", "recurrence", "account", "user")
    list_filter = ("recurrence", "event_date", "user")
    search_fields = ("memo",)
    date_hierarchy = "event_date"
    list_select_related = ("account", "user")
    autocomplete_fields = ("account",)

    @admin.display(description="amount", ordering="amount")
    def amount_shown(self, row):
        return money(row.amount, grouping=True)

    def save_model(self, request, obj, form, change):
        """Through ``schedule_row_create`` / ``schedule_row_update``."""
        if not sees_everything(request):
            obj.user = request.user
        fields = _row_fields(form.cleaned_data)
        if change:
            row = services.schedule_row_update(user=obj.user, row_id=obj.pk, **fields)
        else:
            row = services.schedule_row_create(user=obj.user, **fields)
        # The admin goes on with ``obj`` (log entry, redirect): make it the saved row.
        obj.__dict__.update({key: value for key, value in row.__dict__.items() if key != "_state"})
        obj._state.adding = False
        obj._state.db = row._state.db

    def get_deleted_objects(self, objs, request):
        """The scenario rows adjusting a row go with it, as do stored balances."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed -= DERIVED
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.schedule_row_delete(user=obj.user, row_id=obj.pk)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for row in queryset.select_related("user"):
                services.schedule_row_delete(user=row.user, row_id=row.pk)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "forecast_chart": forecast_chart(request.user)}
        return super().changelist_view(request, extra_context)


class ScenarioRowFormSet(UserScopedInlineFormSet):
    """Runs ``clean_scenario_rows`` so the services' rules are errors of the rows' forms."""

    def kept_forms(self):
        return [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]

    def service_rows(self):
        """The rows as ``scenario_create`` / ``scenario_update`` take them."""
        rows = []
        for form in self.kept_forms():
            data = form.cleaned_data
            memo = data.get("memo")
            if data.get("base_row") is not None:
                rows.append(
                    {
                        "base_row_id": data["base_row"].pk,
                        "delta_amount": data.get("delta_amount"),
                        "memo": memo,
                    }
                )
            else:
                account = data.get("account")
                rows.append(
                    {
                        "event_date": data.get("event_date"),
                        "amount": data.get("delta_amount"),
                        "account_id": account.pk if account is not None else None,
                        "memo": memo,
                    }
                )
        return rows

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.user_id is None:
            return
        try:
            services.clean_scenario_rows(user=self.instance.user, rows=self.service_rows())
        except selectors.PlanningValidationError as error:
            forms_by_index = self.kept_forms()
            for name, messages in error.message_dict.items():
                parts = name.split(".")
                if len(parts) == 3 and parts[1].isdigit():
                    form = forms_by_index[int(parts[1])]
                    _add_service_errors(
                        form, error.__class__(parts[2], messages[0]), SCENARIO_ROW_FORM_FIELD
                    )
                else:
                    raise forms.ValidationError(messages) from None


class MoneyScheduleScenarioRowInline(UserScopedInlineMixin, admin.TabularInline):
    """A row adjusts a base row by ``delta_amount``, or (no base row) adds that amount on a
    date and account."""

    model = MoneyScheduleScenarioRow
    formset = ScenarioRowFormSet
    fields = ("base_row", "delta_amount", "event_date", "account", "memo")
    autocomplete_fields = ("base_row", "account")
    extra = 0


@admin.register(MoneyScheduleScenario)
class MoneyScheduleScenarioAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "is_active", "user", "created_at")
    list_filter = ("is_active", "created_at", "user")
    search_fields = ("name", "description")
    readonly_fields = ("created_at",)
    ordering = ("name",)
    list_select_related = ("user",)
    inlines = (MoneyScheduleScenarioRowInline,)

    def save_model(self, request, obj, form, change):
        # The scenario is written with its rows by a service, in save_related.
        if not change and not sees_everything(request):
            obj.user = request.user

    def save_related(self, request, form, formsets, change):
        """Create or update the scenario and replace its rows through the scenario services."""
        obj = form.instance
        row_formset = next(fs for fs in formsets if fs.model is MoneyScheduleScenarioRow)
        fields = {
            "name": obj.name,
            "description": obj.description,
            "is_active": obj.is_active,
            "rows": row_formset.service_rows(),
        }
        if change:
            scenario = services.scenario_update(user=obj.user, scenario_id=obj.pk, **fields)
        else:
            scenario = services.scenario_create(user=obj.user, **fields)
            obj.pk = scenario.pk
            obj._state.adding = False
            obj._state.db = scenario._state.db
        # The admin's change message reads what each formset saved.
        for formset in formsets:
            formset.new_objects = list(scenario.rows.all()) if formset is row_formset else []
            formset.changed_objects = []
            formset.deleted_objects = []

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed -= DERIVED
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.scenario_delete(user=obj.user, scenario_id=obj.pk)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for scenario in queryset.select_related("user"):
                services.scenario_delete(user=scenario.user, scenario_id=scenario.pk)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MoneyScheduleScenarioRow)
class MoneyScheduleScenarioRowAdmin(ReadOnlyAdminMixin, UserScopedAdminMixin, admin.ModelAdmin):
    """Read-only: a scenario's rows are replaced together on the scenario's page."""

    list_display = ("event_date", "delta_amount", "memo", "scenario", "base_row", "user")
    list_filter = ("event_date", ("scenario", admin.RelatedOnlyFieldListFilter), "user")
    search_fields = ("memo", "scenario__name")
    date_hierarchy = "event_date"
    list_select_related = ("scenario", "base_row", "user")


@admin.register(MoneyScheduleDailyBalance)
class MoneyScheduleDailyBalanceAdmin(ReadOnlyAdminMixin, UserScopedAdminMixin, admin.ModelAdmin):
    """Read-only: the stored forecasts are refreshed by every write that changes them."""

    list_display = ("as_of", "balance", "scenario", "user")
    list_filter = (
        "as_of",
        ("scenario", admin.EmptyFieldListFilter),
        ("scenario", admin.RelatedOnlyFieldListFilter),
        "user",
    )
    search_fields = ("scenario__name",)
    date_hierarchy = "as_of"
    list_select_related = ("scenario", "user")
