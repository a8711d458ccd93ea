import pytest

from tests.integrations.conftest import api, api_key, client_for, make_key  # noqa: F401


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = "scrape-secret-1234"
    settings.METRICS_ALLOWED_NETWORKS = []
    return settings.METRICS_TOKEN


@pytest.fixture
def scrape(client, metrics_token):
    """The metrics as Prometheus reads them: {(name, frozenset(labels)): value}."""
    from prometheus_client.parser import text_string_to_metric_families

    def read() -> dict:
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {metrics_token}")
        assert response.status_code == 200, response.content
        values = {}
        for family in text_string_to_metric_families(response.content.decode()):
            for sample in family.samples:
                values[(sample.name, frozenset(sample.labels.items()))] = sample.value
        return values

    return read


def value(metrics: dict, name: str, **labels) -> float:
    return metrics.get((name, frozenset(labels.items())), 0.0)
