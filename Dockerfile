FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml ./
RUN python -c 'import subprocess, sys, tomllib; \
deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]; \
subprocess.check_call([sys.executable, "-m", "pip", "install", "--no-cache-dir", *deps])'

COPY . .
# collectstatic needs settings to load; the build-time values are thrown away.
RUN SECRET_KEY=collectstatic-only NEWSROOM_SITE_URL=https://build.invalid WEB_CONCURRENCY=1 \
    python manage.py collectstatic --noinput

# /srv/static: where `setup` collects the static files nginx serves (a volume).
RUN useradd --system --uid 1000 newsroom && mkdir -p /app/var /app/media /srv/static \
    && chown -R newsroom /app/var /app/media /srv/static
USER newsroom

EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
