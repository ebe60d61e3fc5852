"""Admin of the projects domain: projects with tasks, tasks with their time logs."""

from django.contrib import admin

from lifeos.admin import UserScopedAdminMixin, UserScopedInlineMixin
from projects.models import Project, Task, TaskLog


class TaskInline(UserScopedInlineMixin, admin.TabularInline):
    model = Task
    fields = ("title", "status", "due_date", "completed_at")
    show_change_link = True
    extra = 0


class TaskLogInline(UserScopedInlineMixin, admin.TabularInline):
    model = TaskLog
    fields = ("logged_at", "minutes_spent", "note")
    ordering = ("-logged_at",)
    extra = 0


@admin.register(Project)
class ProjectAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "status", "target_date", "user", "created_at")
    list_filter = ("status", "target_date", "created_at", "user")
    search_fields = ("name", "description")
    date_hierarchy = "target_date"
    readonly_fields = ("created_at",)
    ordering = ("name",)
    list_select_related = ("user",)
    inlines = (TaskInline,)


@admin.register(Task)
class TaskAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "project", "status", "due_date", "completed_at", "user")
    list_filter = ("status", "due_date", "completed_at", "project__status", "user")
    search_fields = ("title", "project__name")
    date_hierarchy = "due_date"
    readonly_fields = ("created_at",)
    list_select_related = ("project", "user")
    autocomplete_fields = ("project",)
    inlines = (TaskLogInline,)


@admin.register(TaskLog)
class TaskLogAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("logged_at", "task", "minutes_spent", "user")
    list_filter = ("logged_at", "task__status", "user")
    search_fields = ("task__title", "note")
    date_hierarchy = "logged_at"
    list_select_related = ("task", "user")
    autocomplete_fields = ("task",)
