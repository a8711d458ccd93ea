"""Verified reviews: only buyers review, staff moderate, an approved review earns the review
rule's points once per member and product (clawed back when removed for abuse), the member is
told, product pages show the approved ones with their average and JSON-LD, and the catalogue's
cache follows."""

import json
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import translation

from apps.engagement import errors
from apps.engagement.models import Review, ReviewStatus
from apps.engagement.services import (
    approve_review,
    reject_review,
    remove_review,
    submit_review,
)
from apps.ledger.models import EntryKind, LedgerEntry
from apps.ledger.selectors import balance
from apps.notifications.models import Kind, Notification
from tests.factories import MemberFactory, ProductFactory

from .conftest import order_of, photo

pytestmark = pytest.mark.django_db


def write(member, product, **fields):
    values = {"rating": 4, "text": "Solid valve, no leaks.", "language": "en"} | fields
    return submit_review(member=member, product=product, **values)


def test_only_a_member_with_a_paid_order_line_may_review(member, product):
    with pytest.raises(errors.NotPurchased):
        write(member, product)
    order_of(member, product, paid=False)
    with pytest.raises(errors.NotPurchased):
        write(member, product)
    other = ProductFactory()
    order_of(member, other)
    with pytest.raises(errors.NotPurchased):
        write(member, product)
    order_of(member, product)
    assert write(member, product).status == ReviewStatus.PENDING


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rating": 0}, "1 to 5"),
        ({"rating": 6}, "1 to 5"),
        ({"rating": True}, "1 to 5"),
        ({"text": "   "}, "few words"),
        ({"text": "x" * 5001}, "5,000"),
        ({"language": "xx"}, "languages"),
    ],
)
def test_invalid_reviews_are_refused(buyer, product, fields, message):
    with pytest.raises(errors.InvalidReview, match=message):
        write(buyer, product, **fields)
    assert not Review.objects.exists()


def test_photos_are_validated_images_within_limits(buyer, product):
    with pytest.raises(errors.InvalidReview, match="at most 5"):
        write(buyer, product, photos=[photo(f"p{n}.png") for n in range(6)])
    fake = photo()
    fake.file.write(b"")  # keep type
    not_an_image = type(fake)("x.png", b"%PDF-1.4 not an image", content_type="image/png")
    with pytest.raises(errors.InvalidPhoto, match="JPEG, PNG or WebP"):
        write(buyer, product, photos=[not_an_image])
    gif = photo("a.gif", kind="GIF")
    with pytest.raises(errors.InvalidPhoto, match="JPEG, PNG or WebP"):
        write(buyer, product, photos=[gif])
    big = type(fake)("big.png", b"0" * (5 * 1024 * 1024 + 1), content_type="image/png")
    with pytest.raises(errors.InvalidPhoto, match="5 MB"):
        write(buyer, product, photos=[big])
    review = write(buyer, product, photos=[photo("a.png"), photo("b.jpg", kind="JPEG")])
    stored = list(review.photos.all())
    assert [(p.width, p.height, p.position) for p in stored] == [(40, 30, 0), (40, 30, 1)]
    assert all(p.image.storage.exists(p.image.name) for p in stored)


def test_one_review_per_member_and_product_but_a_rejected_one_may_be_written_again(
    buyer, product, staff
):
    review = write(buyer, product)
    with pytest.raises(errors.AlreadyReviewed):
        write(buyer, product)
    reject_review(review=review, staff=staff, reason="Please describe the product itself.")
    again = write(buyer, product, text="It holds 40 bar as promised.", rating=5)
    assert again.pk == review.pk
    assert (again.status, again.rating, again.moderation_reason) == (ReviewStatus.PENDING, 5, "")


def test_an_approved_review_earns_the_review_rule_once_per_member_and_product(
    buyer, product, staff, review_rule, django_capture_on_commit_callbacks
):
    review = write(buyer, product)
    with django_capture_on_commit_callbacks(execute=True):
        approve_review(review=review, staff=staff)
        approve_review(review=review, staff=staff)  # again: nothing more
    assert balance(buyer).available == 50
    entry = LedgerEntry.objects.get(account__member=buyer, rule=review_rule)
    assert (entry.points, entry.kind) == (50, EntryKind.EARN)
    second = ProductFactory()
    order_of(buyer, second)
    with django_capture_on_commit_callbacks(execute=True):
        approve_review(review=write(buyer, second), staff=staff)
    assert balance(buyer).available == 100  # another product: points again
    # The member is told once per approval, in their language, with the points (and no second
    # "points credited" message for the same points).
    told = Notification.objects.filter(member=buyer, kind=Kind.REVIEW_APPROVED)
    assert [n.context["points"] for n in told] == [50, 50]
    review_points = LedgerEntry.objects.filter(account__member=buyer, rule=review_rule)
    assert not Notification.objects.filter(
        kind=Kind.POINTS_EARNED,
        dedupe_key__in=[f"points.earned:{entry.pk}" for entry in review_points],
    ).exists()


def test_rejecting_needs_a_reason_and_tells_the_member_in_their_language(
    buyer, product, staff, django_capture_on_commit_callbacks
):
    buyer.preferred_language = "de"
    buyer.save()
    review = write(buyer, product)
    with pytest.raises(errors.InvalidReview):
        reject_review(review=review, staff=staff, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        reject_review(review=review, staff=staff, reason="Bitte keine Preise nennen.")
    notification = Notification.objects.get(member=buyer, kind=Kind.REVIEW_REJECTED)
    assert notification.context["reason"] == "Bitte keine Preise nennen."
    sent = [m for m in mail.outbox if buyer.user.email in m.to and "Bitte" in m.body]
    assert sent and "Bitte keine Preise nennen." in sent[0].body
    assert "nicht veröffentlicht" in sent[0].subject
    assert balance(buyer).available == 0


def test_removing_for_abuse_claws_the_points_back_and_they_are_never_earned_again(
    buyer, product, staff, review_rule, django_capture_on_commit_callbacks
):
    review = write(buyer, product)
    with django_capture_on_commit_callbacks(execute=True):
        approve_review(review=review, staff=staff)
        remove_review(review=review, staff=staff, reason="Copied from a competitor's site.")
        remove_review(review=review, staff=staff, reason="Copied from a competitor's site.")
    assert balance(buyer).available == 0
    clawback = LedgerEntry.objects.get(account__member=buyer, kind=EntryKind.CLAWBACK)
    assert clawback.points == -50
    with pytest.raises(errors.NotModeratable):
        approve_review(review=review, staff=staff)
    removed = Notification.objects.get(member=buyer, kind=Kind.REVIEW_REMOVED)
    assert removed.context["points"] == 50


def test_concurrent_approvals_credit_once(
    transactional_db, product, review_rule, django_capture_on_commit_callbacks
):
    buyer = MemberFactory()
    order_of(buyer, product)
    review = write(buyer, product)
    barrier = threading.Barrier(8)
    failures = []

    def approve():
        try:
            barrier.wait()
            approve_review(review=review, staff=None)
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert LedgerEntry.objects.filter(account__member=buyer, rule=review_rule).count() == 1
    assert balance(buyer).available == 50


def test_product_page_shows_approved_reviews_average_count_and_json_ld(
    client, buyer, product, staff, django_capture_on_commit_callbacks
):
    url = product.get_absolute_url()
    assert "No reviews yet." in client.get(url).content.decode()  # cached for anonymous
    others = [MemberFactory() for _ in range(2)]
    for other in others:
        order_of(other, product)
    with django_capture_on_commit_callbacks(execute=True):
        approve_review(review=write(buyer, product, rating=5), staff=staff)
        approve_review(
            review=write(others[0], product, rating=4, text="Gut verarbeitet.", language="de"),
            staff=staff,
        )
        write(others[1], product, rating=1, text="Pending, not shown.")
    html = client.get(url).content.decode()  # the cache followed the change
    assert '<bdi dir="ltr">4.5</bdi> out of 5 from 2 verified buyers' in html
    assert "Solid valve, no leaks." in html and "Gut verarbeitet." in html
    assert "Pending, not shown." not in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert data["@type"] == "Product"
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.5",
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    german = client.get(url + "?reviews=de").content.decode()
    assert "Gut verarbeitet." in german and "Solid valve" not in german
    with django_capture_on_commit_callbacks(execute=True):
        remove_review(review=Review.objects.get(language="de"), staff=staff, reason="Spam")
    html = client.get(url).content.decode()
    assert "Gut verarbeitet." not in html
    assert '<bdi dir="ltr">5.0</bdi> out of 5 from 1 verified buyer' in html


def test_the_member_writes_a_review_with_a_photo_on_the_shop(client, buyer, product):
    client.force_login(buyer.user)
    url = reverse("engagement:write-review", args=[product.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'type="file"' in page.content.decode()
    response = client.post(
        url,
        {"rating": "5", "text": "Great.", "language": "en", "photos": [photo()]},
    )
    assert response.status_code == 302
    review = Review.objects.get(member=buyer)
    assert review.photos.count() == 1


def test_a_member_who_did_not_buy_is_told_so(client, member, product):
    client.force_login(member.user)
    url = reverse("engagement:write-review", args=[product.pk])
    assert 'data-testid="review-not-bought"' in client.get(url).content.decode()
    client.post(url, {"rating": "5", "text": "Great.", "language": "en"})
    assert not Review.objects.exists()


def test_staff_moderate_in_the_admin(admin_client, buyer, product, review_rule):
    review = write(buyer, product)
    changelist = reverse("admin:engagement_review_changelist")
    queue = admin_client.get(changelist).content.decode()
    assert str(product) in queue  # the queue shows waiting reviews
    admin_client.post(
        changelist, {"action": "approve", "_selected_action": [review.pk]}, follow=True
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED
    assert balance(buyer).available == 50
    # Removing asks for the reason first.
    page = admin_client.post(changelist, {"action": "remove", "_selected_action": [review.pk]})
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    admin_client.post(  # from the list of approved reviews
        changelist + "?status=approved",
        {"action": "remove", "_selected_action": [review.pk], "apply": "1", "reason": "Spam"},
    )
    review.refresh_from_db()
    assert (review.status, review.moderation_reason) == (ReviewStatus.REMOVED, "Spam")
    assert balance(buyer).available == 0


def test_review_messages_read_in_arabic(buyer, product, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reject_review(review=write(buyer, product), staff=staff, reason="x")
    from apps.notifications.content import message_for

    notification = Notification.objects.get(member=buyer, kind=Kind.REVIEW_REJECTED)
    with translation.override("ar"):
        message = message_for(notification.kind, notification.context)
    assert message.subject and message.subject != "Your review of"
    assert not message.subject.startswith("Your review")
