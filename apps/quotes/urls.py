from django.urls import path

from . import views

app_name = "quotes"

urlpatterns = [
    path("member/quotes/", views.quote_list, name="list"),
    path("member/quotes/new/", views.new_quote, name="new"),
    path("member/quotes/<str:number>/", views.quote_detail, name="detail"),
    path("member/quotes/<str:number>/accept/", views.accept, name="accept"),
    path("member/quotes/<str:number>/revision/", views.ask_revision, name="revision"),
    path("member/quotes/<str:number>/decline/", views.decline, name="decline"),
    path("member/quotes/<str:number>/proforma/", views.proforma, name="proforma"),
    path("quotes/<int:quote_id>/attachments/<int:pk>/", views.attachment, name="attachment"),
]
