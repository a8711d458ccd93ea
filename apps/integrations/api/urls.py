"""The integrator API: /api/v1/..., its OpenAPI schema and interactive docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import (
    companies,
    company_points,
    engagement,
    members,
    meta,
    orders,
    points,
    price_lists,
    programme,
    quotes,
    reports,
    webhooks,
)

app_name = "api"

v1 = [
    path("ping/", meta.PingView.as_view(), name="ping"),
    path("members/", members.MemberListView.as_view(), name="members"),
    path("members/<str:member>/", members.MemberDetailView.as_view(), name="member"),
    path("members/<str:member>/balance/", members.BalanceView.as_view(), name="balance"),
    path("members/<str:member>/ledger/", points.LedgerView.as_view(), name="ledger"),
    path("members/<str:member>/points/earn/", points.EarnView.as_view(), name="earn"),
    path("members/<str:member>/points/spend/", points.SpendView.as_view(), name="spend"),
    path("members/<str:member>/points/adjust/", points.AdjustView.as_view(), name="adjust"),
    path(
        "members/<str:member>/redemptions/",
        programme.MemberRedemptionView.as_view(),
        name="member-redemptions",
    ),
    path("price-lists/", price_lists.PriceListListView.as_view(), name="price-lists"),
    path("price-lists/<int:pk>/", price_lists.PriceListDetailView.as_view(), name="price-list"),
    path("companies/", companies.CompanyListView.as_view(), name="companies"),
    path("companies/<str:company>/", companies.CompanyDetailView.as_view(), name="company"),
    path(
        "companies/<str:company>/members/",
        companies.CompanyMemberListView.as_view(),
        name="company-members",
    ),
    path(
        "companies/<str:company>/members/<str:member>/",
        companies.CompanyMemberDetailView.as_view(),
        name="company-member",
    ),
    path(
        "members/<str:member>/reviews/",
        engagement.MemberReviewView.as_view(),
        name="member-reviews",
    ),
    path(
        "members/<str:member>/events/",
        engagement.MemberEventView.as_view(),
        name="member-events",
    ),
    path("reviews/", engagement.ReviewListView.as_view(), name="reviews"),
    path("tiers/", programme.TierListView.as_view(), name="tiers"),
    path("rewards/", programme.RewardListView.as_view(), name="rewards"),
    path("redemptions/", programme.RedemptionListView.as_view(), name="redemptions"),
    path(
        "redemptions/<int:pk>/void/",
        programme.RedemptionVoidView.as_view(),
        name="redemption-void",
    ),
    path("orders/", orders.OrderListView.as_view(), name="orders"),
    path("orders/<int:pk>/", orders.OrderDetailView.as_view(), name="order"),
    path("orders/<int:pk>/refunds/", orders.OrderRefundView.as_view(), name="order-refunds"),
    path("quotes/", quotes.QuoteListView.as_view(), name="quotes"),
    path("quotes/<int:pk>/", quotes.QuoteDetailView.as_view(), name="quote"),
    path("quotes/<int:pk>/answer/", quotes.QuoteAnswerView.as_view(), name="quote-answer"),
    path("reports/programme/", reports.ProgrammeReportView.as_view(), name="report-programme"),
    path(
        "reports/points-accounting/",
        reports.PointsAccountingReportView.as_view(),
        name="report-points-accounting",
    ),
    path(
        "webhook-endpoints/",
        webhooks.WebhookEndpointListView.as_view(),
        name="webhook-endpoints",
    ),
    path(
        "webhook-endpoints/<int:pk>/",
        webhooks.WebhookEndpointDetailView.as_view(),
        name="webhook-endpoint",
    ),
    # A company's points (#20): its own module's paths.
    *(
        path(route, view.as_view(), name=name)
        for route, view, name in company_points.urlpatterns_v1
    ),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's set-up script as a file of its own, not inline: the Content-Security-Policy
    # allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include(v1)),
    re_path(r"^", meta.NotFoundView.as_view()),
]
