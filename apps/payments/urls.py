from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("orders/<str:token>/pay/", views.start, name="start"),
    path("payments/paypal/return/<str:token>/", views.paypal_return, name="paypal_return"),
]
