"""403, 404, 500 and the CSRF refusal: our layouts, in the reader's language, with the ways
on; staff refused by their role stay in the admin's layout; the 500 page reads no database."""

import json

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults
from whitenoise.storage import CompressedManifestStaticFilesStorage

from apps.accounts.roles import SUPPORT, create_staff
from apps.core.views import permission_denied
from tests.conftest import TOTP_SECRET
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]

NOT_FOUND = {
    "en": "Page not found",
    "de": "Seite nicht gefunden",
    "ar": "الصفحة غير موجودة",
    "ja": "ページが見つかりません",
}


@pytest.mark.parametrize(("language", "title"), NOT_FOUND.items())
def test_a_missing_page_says_so_in_the_readers_language_with_the_ways_on(client, language, title):
    response = client.get(f"/{language}/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert f"<title>{title} ·" in page
    assert f'lang="{language}"' in page
    assert 'name="q"' in page  # search the catalogue instead
    assert f'href="/{language}/products/"' in page
    assert "Django" not in page and "technical" not in page


def test_an_unknown_product_is_the_same_page(client):
    response = client.get("/de/products/no-such-valve/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_staff_refused_by_their_role_stay_in_the_admin_layout():
    user, _password = create_staff(email="support@example.com", role=SUPPORT)
    TOTP.activate(user, TOTP_SECRET)
    staff = Client()
    staff.force_login(user)

    response = staff.get("/admin/ledger/adjustmentrequest/add/", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 403
    page = response.content.decode()
    assert "Nicht erlaubt" in page
    assert 'id="site-name"' in page  # the admin's header, not the storefront's
    assert 'href="/admin/"' in page


def test_the_storefront_refusal_is_in_the_storefront_layout():
    request = RequestFactory().get("/ar/member/")
    request.user = UserFactory()

    with translation.override("ar"):
        response = permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "غير مسموح" in response.content.decode()


def test_the_500_page_reads_nothing_from_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = defaults.server_error(RequestFactory().get("/en/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_a_form_sent_without_its_security_token_is_explained_and_changes_nothing():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/fr/accounts/login/", {"login": "a@example.com", "password": "x"})

    assert response.status_code == 403
    assert "Veuillez renvoyer le formulaire" in response.content.decode()


class GzipOnlyStorage(CompressedManifestStaticFilesStorage):
    """The production storage without its brotli pass: brotli at its best quality took 30 of
    the test's 37 s and cannot fail on a file that gzip compresses."""

    def create_compressor(self, **kwargs):
        return super().create_compressor(**kwargs, use_brotli=False)


def test_the_production_static_build_succeeds(tmp_path, settings):
    """``collectstatic`` with the production storage (hashed names, compression) refuses a
    file that names a missing one (a vendored script's source map did once)."""
    assert settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS  # source maps are not compressed
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": f"{__name__}.GzipOnlyStorage"},
    }

    call_command("collectstatic", "--noinput", verbosity=0)

    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    assert {"css/site.css", "vendor/chart.js/chart.umd.min.js"} <= set(paths)
    assert (tmp_path / paths["css/site.css"]).with_suffix(".css.gz").exists()
    assert (
        not (tmp_path / paths["vendor/chart.js/chart.umd.min.js.map"])
        .with_suffix(".map.gz")
        .exists()
    )
