# The production image: gunicorn for web, the same image for the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# Pango and fonts for the trade documents' PDFs (WeasyPrint; docs/documents.md).
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext postgresql-client \
    libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 storefront
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# Build-time only values: compiling messages and collecting static need settings, not secrets.
RUN DEBUG=false SECRET_KEY=build-only-not-secret DATABASE_URL=postgres://build@localhost/build \
    python manage.py compilemessages --ignore=.venv -v 0 \
 && DEBUG=false SECRET_KEY=build-only-not-secret DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput -v 0

USER storefront
EXPOSE 8000
ENV PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus
CMD ["gunicorn", "config.wsgi", "-c", "config/gunicorn.py", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
