from django.contrib import admin

from attune.counsellors.models import Counsellor


@admin.register(Counsellor)
class CounsellorAdmin(admin.ModelAdmin):
    """Operators make counsellors here or with `attune counsellor add`; clients are not listed."""

    list_display = ("user", "practice", "created_at")
    search_fields = ("user__email", "practice")
    raw_id_fields = ("user",)
