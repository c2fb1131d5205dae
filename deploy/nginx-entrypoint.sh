#!/bin/sh
# Fill deploy/nginx.conf's dollar-and-brace placeholders from the environment (and only
# those: nginx's own $variables are left alone), then run nginx.
set -eu
names='${NGINX_USER} ${NGINX_RUN_DIR} ${NGINX_LOG_DIR} ${NGINX_CACHE_DIR} ${NGINX_LISTEN}
${NEWSROOM_UPSTREAM} ${NEWSROOM_STATIC_ROOT} ${NEWSROOM_MEDIA_LOCATION} ${NEWSROOM_PURGE_FROM}'
envsubst "$names" < /etc/newsroom/nginx.conf > /etc/nginx/nginx.conf
nginx -t -c /etc/nginx/nginx.conf
exec nginx -c /etc/nginx/nginx.conf -g 'daemon off;'
