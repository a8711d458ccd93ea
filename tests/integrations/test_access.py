"""Who may call what: every operation of the API, with no key, a bad key, a revoked key, a key
without the operation's scope, and a key with only that scope.

The operations come from the URL conf (each view's HTTP methods); a test checks that the
OpenAPI schema documents exactly those, so a new endpoint cannot escape these tests.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from apps.integrations.api.permissions import HasScope
from apps.integrations.keys import revoke_api_key
from apps.integrations.scopes import ALL_SCOPES

from .conftest import assert_error

SAMPLE_ARGUMENTS = {"member": "1", "pk": "1", "company": "1"}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def api_operations() -> list[tuple[str, str, str | None]]:
    """(method, path template, required scope) for every operation under /api/v1/."""
    resolver = get_resolver("apps.integrations.api.urls")
    operations = []
    for route, callback in _walk(resolver.url_patterns, "/api/"):
        view = getattr(callback, "view_class", None)
        if not route.startswith("/api/v1/") or view is None:
            continue
        template = (
            route.replace("<str:member>", "{member}")
            .replace("<int:pk>", "{pk}")
            .replace("<str:company>", "{company}")
        )
        for method, scope in view.required_scopes.items():
            operations.append((method, template, scope))
    return sorted(operations)


OPERATIONS = api_operations()


def url(template: str) -> str:
    return template.format(**SAMPLE_ARGUMENTS)


def call(client, method: str, template: str):
    return getattr(client, method.lower())(url(template), {}, format="json")


def test_the_schema_documents_exactly_the_routed_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    documented = {
        (method.upper(), path.replace("{id}", "{pk}"))
        for path, operations in schema["paths"].items()
        for method in operations
    }

    assert documented == {(method, template) for method, template, _scope in OPERATIONS}


def test_every_view_requires_a_scope_check():
    for _method, template, _scope in OPERATIONS:
        resolver = get_resolver("config.urls").resolve(url(template))
        assert HasScope in [type(p) for p in resolver.func.view_class().get_permissions()]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "template", "scope"), OPERATIONS)
class TestEveryOperation:
    def test_without_a_key_is_401(self, client_for, method, template, scope):
        response = call(client_for(None), method, template)

        assert_error(response, 401, "not_authenticated")
        assert response["WWW-Authenticate"].startswith("Bearer")

    def test_with_an_unknown_key_is_401(self, client_for, method, template, scope):
        response = call(client_for("sfk_00000000_not-a-real-key"), method, template)

        assert_error(response, 401, "authentication_failed")

    def test_with_a_revoked_key_is_401(self, make_key, client_for, method, template, scope):
        created = make_key()
        revoke_api_key(api_key=created.api_key)

        response = call(client_for(created.key), method, template)

        assert_error(response, 401, "authentication_failed")

    def test_with_only_the_scope_gets_past_authorisation(
        self, make_key, client_for, method, template, scope
    ):
        scopes = [scope] if scope else [ALL_SCOPES[0]]

        response = call(client_for(make_key(scopes=scopes).key), method, template)

        assert response.status_code not in (401, 403), response.content
        assert response.status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "template", "scope"), [op for op in OPERATIONS if op[2] is not None]
)
def test_without_the_scope_is_403(make_key, client_for, method, template, scope):
    """Every operation but ping (which any valid key may call) needs its scope."""
    others = [other for other in ALL_SCOPES if other != scope]

    response = call(client_for(make_key(scopes=others).key), method, template)

    assert_error(response, 403, "insufficient_scope")
