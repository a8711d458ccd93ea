from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("member/", views.member_dashboard, name="dashboard"),
    path("member/points/", views.history, name="history"),
    path("member/orders/", views.orders, name="orders"),
    path("member/check-in/", views.check_in, name="check_in"),
    path("member/profile/", views.profile, name="profile"),
    path("member/referrals/", views.referrals, name="referrals"),
    path("r/<str:code>/", views.referral_link, name="referral_link"),
    path("member/privacy/export/", views.export_data, name="export_data"),
    path("member/privacy/delete/", views.delete_account, name="delete_account"),
]
