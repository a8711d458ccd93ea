from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path(
        "member/orders/<str:number>/documents/<str:kind>/",
        views.member_download,
        name="member_download",
    ),
]
