from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("products/", views.product_list, name="products"),
    path("products/<str:slug>/", views.product_page, name="product"),
    path("categories/<str:slug>/", views.category_detail, name="category"),
    path("search/", views.search, name="search"),
]
