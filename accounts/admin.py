from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.admin import PersonalDataAdmin


@admin.register(User)
class UserAdmin(PersonalDataAdmin, DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (
        # The stubs give UserAdmin ModelAdmin's optional fieldsets; Django's are a tuple.
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Role"), {"fields": ("role", "organisation")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role"), {"fields": ("email", "role", "organisation")}),
    )
