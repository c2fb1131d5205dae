# nginx with the cache-purge module (Debian's package), configured from
# deploy/nginx.conf at start: the ${NAME} placeholders come from the
# environment (docker-compose.yml sets them).
FROM debian:bookworm-slim

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       nginx libnginx-mod-http-cache-purge gettext-base \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /var/cache/nginx/pages /run/nginx /var/log/nginx

COPY deploy/nginx.conf /etc/newsroom/nginx.conf
COPY deploy/nginx-entrypoint.sh /usr/local/bin/nginx-entrypoint
RUN chmod 0755 /usr/local/bin/nginx-entrypoint

EXPOSE 8080
ENTRYPOINT ["nginx-entrypoint"]
