"""URLs of the finance JSON API, mounted under /finance/."""

from django.urls import path, re_path

from finance import views
from lifeos import api

app_name = "finance"

urlpatterns = [
    path("accounts/search", views.account_search, name="account-search"),
    path("accounts/inline", views.account_inline_create, name="account-inline"),
    path("accounts/<int:account_id>", views.account_detail, name="account-detail"),
    path("accounts/subtypes/<str:account_type>", views.account_subtypes, name="account-subtypes"),
    path("journal-entries", views.journal_entry_create, name="journal-entries"),
    path("journal-entries/<int:entry_id>", views.journal_entry_detail, name="journal-entry"),
    path("trial-balance", views.trial_balance, name="trial-balance"),
    # Anything else under /finance/ is an API path too: answer in JSON, not HTML.
    re_path(r"^(?P<path>[\s\S]*)$", api.not_found),
]
