"""Admin of the projects domain: projects with tasks, tasks with their time logs.

Tasks and task logs are scoped through their project's owner (not their own
``user_id``, NULL in the original application's older rows), as the API reads
them. A project's change page shows its progress and overdue task count
(``projects.selectors``); saving a task applies the completion-time rule of
``projects.services.apply_completion``.
"""

from django.contrib import admin

from lifeos.admin import UserScopedAdminMixin, UserScopedInlineMixin, sees_everything
from lifeos.dates import user_today
from projects.models import Project, Task, TaskLog
from projects.selectors import DONE_STATUSES, project_progress
from projects.services import apply_completion


def _owned_through_project(queryset, request, path):
    """``queryset`` narrowed to rows of the request user's projects (all for superusers)."""
    if sees_everything(request):
        return queryset
    return queryset.filter(**{f"{path}__user_id": request.user.pk})


def apply_form_completion(form, task):
    """The completion-time rule for a task saved by an admin form.

    Completing sets the completion time, reopening clears it; a completion
    time typed in the same form as a completed status is kept.
    """
    typed = "completed_at" in form.changed_data and task.status in DONE_STATUSES
    if not typed and ("status" in form.changed_data or task.pk is None):
        previous = form.initial.get("status") if task.pk is not None else None
        apply_completion(task, previous)


class TaskInline(UserScopedInlineMixin, admin.TabularInline):
    model = Task
    fields = ("title", "status", "priority", "due_date", "completed_at")
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        # The inline's rows are the project's tasks; legacy ones have no user_id.
        queryset = super(UserScopedInlineMixin, self).get_queryset(request)
        return _owned_through_project(queryset, request, "project")


class TaskLogInline(UserScopedInlineMixin, admin.TabularInline):
    model = TaskLog
    fields = ("logged_at", "minutes_spent", "status_snapshot", "note")
    ordering = ("-logged_at",)
    extra = 0

    def get_queryset(self, request):
        # Each row's label (TaskLog.__str__) names its task: fetched with the rows.
        queryset = super(UserScopedInlineMixin, self).get_queryset(request)
        return _owned_through_project(queryset, request, "task__project").select_related("task")


@admin.register(Project)
class ProjectAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "status", "target_date", "user", "created_at")
    list_filter = ("status", "target_date", "created_at", "user")
    search_fields = ("name", "description")
    date_hierarchy = "target_date"
    readonly_fields = ("progress", "overdue_tasks", "created_at", "updated_at")
    ordering = ("name",)
    list_select_related = ("user",)
    inlines = (TaskInline,)

    def save_formset(self, request, form, formset, change):
        if formset.model is Task:
            for task_form in formset.forms:
                if task_form.has_changed() and not formset._should_delete_form(task_form):
                    apply_form_completion(task_form, task_form.instance)
        super().save_formset(request, form, formset, change)

    def _figures(self, obj):
        if obj is None or obj.pk is None:
            return None
        cached = getattr(obj, "_lifeos_figures", None)
        if cached is None:
            today = user_today(obj.user)
            cached = obj._lifeos_figures = project_progress(project_ids=[obj.pk], today=today)[
                obj.pk
            ]
        return cached

    @admin.display(description="progress")
    def progress(self, obj):
        """Tasks done of the total, cancelled (archived) ones left out of both."""
        figures = self._figures(obj)
        if figures is None:
            return "-"
        progress = figures[0]
        if progress["percent"] is None:
            return f"{progress['done']} of {progress['total']} tasks done"
        return f"{progress['done']} of {progress['total']} tasks done ({progress['percent']}%)"

    @admin.display(description="overdue tasks")
    def overdue_tasks(self, obj):
        """Tasks due before the owner's local today, neither done nor cancelled."""
        figures = self._figures(obj)
        return "-" if figures is None else figures[1]


@admin.register(Task)
class TaskAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "project", "status", "priority", "due_date", "completed_at", "user")
    list_filter = (
        "project",
        "status",
        "priority",
        "due_date",
        "completed_at",
        "project__status",
        "user",
    )
    search_fields = ("title", "notes", "project__name")
    date_hierarchy = "due_date"
    readonly_fields = ("created_at", "updated_at")
    list_select_related = ("project", "user")
    autocomplete_fields = ("project",)
    inlines = (TaskLogInline,)

    def get_queryset(self, request):
        queryset = super(UserScopedAdminMixin, self).get_queryset(request)
        return _owned_through_project(queryset, request, "project")

    def save_model(self, request, obj, form, change):
        apply_form_completion(form, obj)
        super().save_model(request, obj, form, change)


@admin.register(TaskLog)
class TaskLogAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("logged_at", "task", "minutes_spent", "status_snapshot", "user")
    list_filter = ("task__project", "logged_at", "status_snapshot", "task__status", "user")
    search_fields = ("task__title", "note")
    date_hierarchy = "logged_at"
    list_select_related = ("task", "user")
    autocomplete_fields = ("task",)

    def get_queryset(self, request):
        queryset = super(UserScopedAdminMixin, self).get_queryset(request)
        return _owned_through_project(queryset, request, "task__project")
