"""The public news pages: the list of articles and one article, in the visitor's language.

An article is shown in the page's language (/bg/news/… is Bulgarian) where it has a
translation, else in English (the partnerships' working language), else in any language it
has; the page links to the article's other languages.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language, gettext_noop

from reports.models import NewsArticle, NewsTranslation, Partnership

# Django's own Bulgarian catalogue capitalises month names ("3 Ноември 2020"). Listing them
# here puts them in the project's catalogue, which takes precedence, so that dates read as
# Bulgarian writes them ("3 ноември 2020") — like the period labels, which already use
# January, June, July and December.
MONTH_NAMES = [
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
]
# The names of the languages, as the fallback notice uses them ("not available in
# Bulgarian"): Django's catalogue says "български език" but "английски".
LANGUAGE_NAMES = [gettext_noop("Bulgarian"), gettext_noop("English")]

ARTICLES_PER_PAGE = 20


def news_list(request: HttpRequest) -> HttpResponse:
    articles = _articles().filter(translations__isnull=False).distinct()
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    for article in page:
        article.translation = article.translation_in(get_language())
    return render(request, "reports/news_list.html", {"page": page})


def news_article(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(_articles(), slug=slug)
    wanted = get_language()
    translation = article.translation_in(wanted)
    if translation is None:
        raise Http404("The article has no text yet.")
    others = [t for t in _by_language(article).values() if t.language != translation.language]
    return render(
        request,
        "reports/news_article.html",
        {
            "article": article,
            "translation": translation,
            "wanted_language": wanted,
            "other_translations": others,
            "partnership": article.partnership,
        },
    )


def _articles() -> QuerySet[NewsArticle]:
    """Articles with their translations and, when it is public, their partnership."""
    return NewsArticle.objects.prefetch_related(
        Prefetch("translations", queryset=NewsTranslation.objects.order_by("language")),
        Prefetch(
            "partnership",
            queryset=Partnership.objects.active().only("slug", "short_name", "full_name"),
        ),
    )


def _by_language(article: NewsArticle) -> dict[str, NewsTranslation]:
    return {translation.language: translation for translation in article.translations.all()}
