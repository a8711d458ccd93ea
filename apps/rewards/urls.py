from django.urls import path

from . import views

app_name = "rewards"

urlpatterns = [
    path("member/rewards/", views.reward_list, name="list"),
    path("member/rewards/<int:pk>/redeem/", views.redeem_reward, name="redeem"),
    path("member/rewards/redemptions/<int:pk>/", views.redemption_detail, name="redemption"),
]
