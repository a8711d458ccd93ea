"""Verified reviews in Chromium on a 390 px phone, in English and in Arabic (right to left): a
member who bought a product writes a review with a photo, staff approve it in the admin, the
product page shows it with the average rating (and AggregateRating JSON-LD), and the member
sees the review's points, the badge of the challenge the review completed and the progress of
a composite one (a complete profile + 1 review). Screenshots in
test-artifacts/screenshots, no sideways scrolling, axe-core clean."""

import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from PIL import Image

from apps.engagement.models import Challenge, ChallengeGoal, GoalKind, Review, ReviewStatus
from apps.ledger.models import EarningRule, RuleKind
from tests.e2e.conftest import PHONE, accessibility_problems, number, screenshot, too_wide
from tests.e2e.test_adjustment_audit_browser import signed_in
from tests.engagement.conftest import order_of
from tests.factories import MemberFactory, ProductFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": "Holds 40 bar without a drop. Easy to fit.",
    "ar": "يتحمل 40 بار دون أي تسرب. سهل التركيب.",
}


@pytest.mark.parametrize(("language", "locale"), [("en", "en-US"), ("ar", "ar-AE")])
def test_buy_review_approve_see_it_and_the_points(
    live_server, page_factory, admin_user, tmp_path, settings, language, locale
):
    settings.MEDIA_ROOT = tmp_path / "media"
    EarningRule.objects.create(name_en="Review bonus", kind=RuleKind.REVIEW, points=50)
    now = timezone.now()
    Challenge.objects.create(
        name_en="First review",
        name_ar="أول مراجعة",
        goal=GoalKind.REVIEWS,
        target=1,
        points=0,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=30),
    )
    composite = Challenge.objects.create(  # a complete profile + 1 review: half done below
        name_en="Profile and a review",
        name_ar="الملف الشخصي ومراجعة",
        goal=GoalKind.PROFILE_COMPLETE,
        target=1,
        points=100,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=30),
    )
    ChallengeGoal.objects.create(challenge=composite, goal=GoalKind.REVIEWS, target=1)
    product = ProductFactory(
        name_en="Ball valve DN50", name_ar="صمام كروي DN50", slug_ar="ball-valve-dn50-ar"
    )
    member = MemberFactory(
        company_name="Gulf Valves Trading",
        preferred_language=language,
        user=UserFactory(email=f"buyer-{language}@example.com"),
    )
    order_of(member, product)
    picture = tmp_path / "valve.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 90, 160)).save(buffer, "PNG")
    picture.write_bytes(buffer.getvalue())
    with translation.override(language):
        product_url = live_server.url + product.get_absolute_url()

    # The member writes the review, with a photo, on the phone.
    page = page_factory(viewport=PHONE, locale=locale)
    signed_in(page, member.user, live_server.url)
    page.goto(product_url)
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.get_by_test_id("write-review").click()
    page.check("input[name='rating'][value='5']")
    page.fill("#id_text", TEXT[language])
    page.select_option("#id_language", language)
    page.set_input_files("#id_photos", str(picture))
    screenshot(page, f"review-write-phone-{language}")
    assert too_wide(page) == []
    assert accessibility_problems(page) == []
    page.get_by_test_id("submit-review").click()
    page.wait_for_url(product_url)
    review = Review.objects.get(member=member)
    assert (review.status, review.rating, review.language) == (ReviewStatus.PENDING, 5, language)
    assert review.photos.count() == 1
    assert page.get_by_test_id("review").count() == 0  # not before moderation

    # Staff approve it in the admin's queue.
    staff = page_factory(viewport=PHONE, locale=locale)
    signed_in(staff, admin_user, live_server.url)
    staff.goto(f"{live_server.url}/admin/engagement/review/")
    staff.check(f"input[name='_selected_action'][value='{review.pk}']")
    staff.select_option("select[name='action']", "approve")
    staff.click("button[name='index']")
    staff.wait_for_load_state()
    screenshot(staff, f"review-moderation-phone-{language}")
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED

    # The product page shows it, with the rating, the count and the JSON-LD.
    page.goto(product_url)
    assert page.get_by_test_id("review").count() == 1
    assert TEXT[language] in page.get_by_test_id("review").inner_text()
    assert page.locator(".review-photos img").count() == 1
    summary = page.get_by_test_id("reviews-summary").inner_text()
    assert "5.0" in summary  # isolated, in Latin digits in every language
    data = json.loads(page.locator("script[type='application/ld+json']").inner_text())
    assert data["aggregateRating"]["ratingValue"] == "5.0"
    assert data["aggregateRating"]["reviewCount"] == 1
    page.locator("#reviews").scroll_into_view_if_needed()
    screenshot(page, f"review-product-page-phone-{language}")
    assert too_wide(page) == []
    assert accessibility_problems(page) == []

    # The member sees the points in the member center, and the challenge's badge.
    page.goto(f"{live_server.url}/{language}/member/")
    assert number(page, "points-available") == 50
    badge = {"en": "First review", "ar": "أول مراجعة"}[language]
    assert badge in page.get_by_test_id("badges").inner_text()
    # The composite challenge is half done: each of its goals with its own progress.
    goals = page.get_by_test_id("challenge-goals").locator("li")
    assert goals.count() == 2 and page.locator(".challenge-goals li.done").count() == 1
    assert too_wide(page) == []
    screenshot(page, f"review-points-phone-{language}")
