from django.urls import path

from . import views

app_name = "sitecontent"

urlpatterns = [
    path("pages/<slug:slug>/", views.content_page, name="page"),
]
