from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("two-factor/required/", views.two_factor_required, name="two_factor_required"),
    path(
        "two-factor/invitation/<str:token>/",
        views.two_factor_invitation,
        name="two_factor_invitation",
    ),
]
