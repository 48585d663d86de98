"""Admin pages: subscribers and past issues. The unsubscribe token is never shown."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from attune.newsletter.models import Delivery, Issue, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status"]
    search_fields = ["email"]
    fields = ["email", "status", "created_at", "asked_at", "confirmed_at", "unsubscribed_at"]
    readonly_fields = ["created_at", "asked_at", "confirmed_at", "unsubscribed_at"]
    date_hierarchy = "created_at"


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["number", "week", "subject", "created_at", "delivered"]
    search_fields = ["subject", "week", "text"]
    readonly_fields = ["number", "week", "subject", "text", "html", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Issue]:
        return (
            super()
            .get_queryset(request)
            .annotate(delivery_count=Count("deliveries", filter=Q(deliveries__state=Delivery.SENT)))
        )

    @admin.display(description="sent to", ordering="delivery_count")
    def delivered(self, issue: Any) -> int:
        return issue.delivery_count

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Issues are built by `attune newsletter send`, from content, never typed in here.
        return False
