from django.urls import path

from . import views

app_name = "engagement"

urlpatterns = [
    path("reviews/<int:product_id>/write/", views.write_review, name="write-review"),
]
