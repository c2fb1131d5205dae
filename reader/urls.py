from django.urls import path, register_converter

from . import converters, views

register_converter(converters.FourDigitYearConverter, "yyyy")
register_converter(converters.TwoDigitConverter, "nn")

# The reader's pages keep the namespace they have always had; the desk's
# public share-link address joins it in the root URLconf.
app_name = "articles"

urlpatterns = [
    path("", views.front_page, name="front"),
    path("authors/<slug:slug>/", views.author_page, name="author"),
    path("tags/<slug:slug>/", views.tag_page, name="tag"),
    path("datelines/<slug:slug>/", views.dateline_page, name="dateline"),
    path("search/", views.search, name="search"),
    # Date archives; the article URL below has one more part, so they never clash.
    path("<yyyy:year>/", views.date_archive, name="archive_year"),
    path("<yyyy:year>/<nn:month>/", views.date_archive, name="archive_month"),
    path("<yyyy:year>/<nn:month>/<nn:day>/", views.date_archive, name="archive_day"),
    path("corrections/", views.corrections, name="corrections"),
    path("<yyyy:year>/<nn:month>/<nn:day>/<slug:slug>/", views.article_detail, name="detail"),
    path(
        "<yyyy:year>/<nn:month>/<nn:day>/<slug:slug>/updates.json",
        views.live_updates,
        name="live-updates",
    ),
]
