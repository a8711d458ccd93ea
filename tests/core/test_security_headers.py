"""Content-Security-Policy and Permissions-Policy on every kind of page. (That the pages still
work under them in Chromium: tests/e2e/test_content_security_policy.py.)"""

import re

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize(
    "path",
    ["/en/", "/en/accounts/login/", "/api/docs/", "/api/v1/ping/", "/healthz"],
)
def test_every_response_carries_a_policy_that_allows_no_inline_or_foreign_script(client, path):
    response = client.get(path)

    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_admin_and_the_two_factor_pages_carry_the_policy(admin_client):
    for path in ("/admin/", "/en/accounts/2fa/"):
        response = admin_client.get(path)
        assert response.status_code == 200
        assert directives(response)["script-src"] == ["'self'"]


def test_the_api_docs_load_swagger_ui_without_inline_script(client):
    page = client.get("/api/docs/").content.decode()

    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.DOTALL)
    assert scripts
    assert all("src=" in attributes and not body.strip() for attributes, body in scripts)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page


def test_a_view_that_changes_the_policy_gets_its_own_header(rf, settings):
    """The usual header is built once; django-csp's decorators still change a view's."""
    from csp.decorators import csp_update
    from django.http import HttpResponse

    from apps.core.security_headers import ContentSecurityPolicyMiddleware

    @csp_update({"img-src": "https://images.example.com"})
    def view(request):
        return HttpResponse("ok")

    middleware = ContentSecurityPolicyMiddleware(view)
    usual = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))

    assert "https://images.example.com" in middleware(rf.get("/"))["Content-Security-Policy"]
    assert "https://images.example.com" not in usual(rf.get("/"))["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert usual(rf.get("/"))["Content-Security-Policy"] == "default-src 'none'"
