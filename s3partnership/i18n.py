"""The language of a page comes from its URL alone: /bg/… is Bulgarian, anything else English.

A shared link then shows what its sender saw, the language switcher is a plain link (no form,
no cookie), and a page is the same for every visitor whatever their browser says, so that a
proxy or CDN can keep one copy of it per URL (see reports.views.public.public_page).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject


class LanguageFromPathMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without its `Vary: Accept-Language`. With
    `i18n_patterns(prefix_default_language=False)` a URL without a language prefix is always
    English, so the header would only split caches by browser. (The rest of its
    process_response, redirecting a 404 to a prefixed URL, works only when English is
    prefixed too.)"""

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def page_in(language, path):
    """`path` (with its query string) in `language`; that language's home page when `path`
    is not one of ours, such as the address of a 404."""
    url = translate_url(path, language)
    if url == path and language != translation.get_language():
        with translation.override(language):
            url = reverse("reports:home")
    return url


def language_links(request):
    """Context processor: the current page in every language, for the language switcher and
    the page's `hreflang` alternates. Lazy, as Django's `user` is: made only for the pages
    that show them (not robots.txt, the sitemap or a fragment)."""
    return {"language_links": SimpleLazyObject(lambda: _links(request))}


def _links(request):
    current = translation.get_language()
    path = request.get_full_path()
    links = []
    for code, name in settings.LANGUAGES:
        url = page_in(code, path)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "is_current": code == current,
            }
        )
    return links
