from django.urls import path

from . import list_views, quick_order_views, views

app_name = "checkout"

urlpatterns = [
    path("cart/", views.cart_detail, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/update/", views.cart_update, name="cart_update"),
    path("cart/reorder/<str:token>/", quick_order_views.reorder_order, name="reorder"),
    path("cart/save-as-list/", list_views.save_cart_as_list, name="cart_save_as_list"),
    path("checkout/", views.checkout, name="checkout"),
    path("quick-order/", quick_order_views.quick_order, name="quick_order"),
    path("quick-order/skus/", quick_order_views.sku_search, name="sku_search"),
    path("member/lists/", list_views.list_index, name="lists"),
    path("member/lists/save/", list_views.save_to_list, name="save_to_list"),
    path("member/lists/<int:pk>/", list_views.list_detail, name="list_detail"),
    path("member/lists/<int:pk>/update/", list_views.list_update, name="list_update"),
    path("member/lists/<int:pk>/order/", list_views.list_order, name="list_order"),
    path("member/lists/<int:pk>/delete/", list_views.list_delete, name="list_delete"),
]
