FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY newsroom newsroom
COPY articles articles
COPY banners banners
RUN pip install --no-cache-dir .

COPY . .
# collectstatic needs settings to load; the build-time key is thrown away.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 newsroom && mkdir -p /app/var /app/media \
    && chown -R newsroom /app/var /app/media
USER newsroom

EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
