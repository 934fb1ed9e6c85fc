from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.admin import PersonalDataAdmin


@admin.register(User)
class UserAdmin(PersonalDataAdmin, DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    search_fields = (*DjangoUserAdmin.search_fields, "eu_login_id")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (
        # The stubs give UserAdmin ModelAdmin's optional fieldsets; Django's are a tuple.
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Role"), {"fields": ("role", "organisation", "language")}),
        # Set at each EU Login sign-in, never by hand: the link that finds the account again.
        (_("EU Login"), {"fields": ("eu_login_id", "eu_login_domain")}),
    )
    readonly_fields = ("eu_login_id", "eu_login_domain")
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role"), {"fields": ("email", "role", "organisation")}),
    )
