from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import two_factor
from .forms import AdminUserChangeForm, AdminUserCreationForm
from .models import TwoFactorInvitation, User


class TwoFactorInvitationInline(admin.TabularInline):
    """Who was invited to set up two-factor authentication, by whom, and whether the link was
    used (read-only: invitations come from the action or the command)."""

    model = TwoFactorInvitation
    fk_name = "user"
    fields = ("created_at", "created_by", "expires_at", "used_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active", "date_joined")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = (TwoFactorInvitationInline,)
    actions = ("email_two_factor_invitations",)

    def has_invite_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(description=_("Email a two-factor set-up link"), permissions=["invite"])
    def email_two_factor_invitations(self, request, queryset):
        staff = [user for user in queryset if two_factor.needs_invitation(user)]
        for user in staff:
            two_factor.email_invitation(user=user, created_by=request.user)
        if staff:
            self.message_user(
                request,
                ngettext(
                    "A set-up link was emailed to %(count)s staff member.",
                    "A set-up link was emailed to %(count)s staff members.",
                    len(staff),
                )
                % {"count": len(staff)},
                messages.SUCCESS,
            )
        if len(staff) < len(queryset):
            self.message_user(
                request,
                _("Skipped: accounts that are not staff or already have two-factor set up."),
                messages.WARNING,
            )
