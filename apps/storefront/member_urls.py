"""The member center's addresses (the ``members`` URL namespace, as before the move)."""

from django.urls import path

from apps.members import address_views
from apps.members import views as member_views
from apps.memberships import views as membership_views
from apps.messaging import views as messaging_views
from apps.notifications import views as notification_views

from . import company_views
from . import member_views as views

app_name = "members"

urlpatterns = [
    path("member/", views.member_dashboard, name="dashboard"),
    path("member/points/", views.history, name="history"),
    path("member/orders/", views.orders, name="orders"),
    path("member/check-in/", views.check_in, name="check_in"),
    path("member/profile/", views.profile, name="profile"),
    path("member/referrals/", views.referrals, name="referrals"),
    path("member/membership/", membership_views.membership, name="membership"),
    path(
        "member/membership/subscribe/<int:price_id>/",
        membership_views.subscribe,
        name="membership_subscribe",
    ),
    path("member/membership/manage/", membership_views.manage, name="membership_manage"),
    path("member/addresses/", address_views.address_book, name="addresses"),
    path("member/addresses/new/", address_views.address_add, name="address_add"),
    path("member/addresses/<int:pk>/", address_views.address_edit, name="address_edit"),
    path("member/addresses/<int:pk>/delete/", address_views.address_delete, name="address_delete"),
    path(
        "member/addresses/<int:pk>/default/<str:kind>/",
        address_views.address_default,
        name="address_default",
    ),
    path("member/company/", company_views.company_page, name="company"),
    path("member/company/invite/", company_views.invite, name="company_invite"),
    path(
        "member/company/invitations/<int:pk>/resend/",
        company_views.resend_invitation,
        name="company_invitation_resend",
    ),
    path(
        "member/company/invitations/<int:pk>/revoke/",
        company_views.revoke_invitation,
        name="company_invitation_revoke",
    ),
    path(
        "member/company/members/<int:member_id>/role/",
        company_views.change_role,
        name="company_member_role",
    ),
    path(
        "member/company/members/<int:member_id>/remove/",
        company_views.remove_member,
        name="company_member_remove",
    ),
    path("company/invitation/<str:token>/", company_views.invitation, name="company_invitation"),
    path("r/<str:code>/", member_views.referral_link, name="referral_link"),
    path("member/privacy/export/", views.export_data, name="export_data"),
    path("member/privacy/delete/", views.delete_account, name="delete_account"),
    path("member/inbox/", notification_views.inbox_page, name="inbox"),
    path("member/inbox/<int:pk>/read/", notification_views.mark_read, name="inbox_read"),
    path("member/inbox/read-all/", notification_views.mark_all_read, name="inbox_read_all"),
    path("member/inbox/emails/", notification_views.email_preferences, name="email_preferences"),
    path("member/channels/", messaging_views.channels_page, name="channels"),
    path("unsubscribe/<str:token>/", notification_views.unsubscribe, name="unsubscribe"),
]
