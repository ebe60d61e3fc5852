"""Admin of the projects domain: projects with tasks, tasks with their time logs."""

from django.contrib import admin

from lifeos.admin import UserScopedAdminMixin, UserScopedInlineMixin
from projects.models import Project, Task, TaskLog


class TaskInline(UserScopedInlineMixin, admin.TabularInline):
    model = Task
    fields = ("title", "status", "priority", "due_date", "completed_at")
    show_change_link = True
    extra = 0


class TaskLogInline(UserScopedInlineMixin, admin.TabularInline):
    model = TaskLog
    fields = ("logged_at", "minutes_spent", "status_snapshot", "note")
    ordering = ("-logged_at",)
    extra = 0

    def get_queryset(self, request):
        # Each row's label (TaskLog.__str__) names its task: fetched with the rows.
        return super().get_queryset(request).select_related("task")


@admin.register(Project)
class ProjectAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "status", "target_date", "user", "created_at")
    list_filter = ("status", "target_date", "created_at", "user")
    search_fields = ("name", "description")
    date_hierarchy = "target_date"
    readonly_fields = ("created_at", "updated_at")
    ordering = ("name",)
    list_select_related = ("user",)
    inlines = (TaskInline,)


@admin.register(Task)
class TaskAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "project", "status", "priority", "due_date", "completed_at", "user")
    list_filter = ("status", "priority", "due_date", "completed_at", "project__status", "user")
    search_fields = ("title", "notes", "project__name")
    date_hierarchy = "due_date"
    readonly_fields = ("created_at", "updated_at")
    list_select_related = ("project", "user")
    autocomplete_fields = ("project",)
    inlines = (TaskLogInline,)


@admin.register(TaskLog)
class TaskLogAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("logged_at", "task", "minutes_spent", "status_snapshot", "user")
    list_filter = ("logged_at", "status_snapshot", "task__status", "user")
    search_fields = ("task__title", "note")
    date_hierarchy = "logged_at"
    list_select_related = ("task", "user")
    autocomplete_fields = ("task",)
