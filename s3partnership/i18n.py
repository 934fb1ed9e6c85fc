"""The language of a page comes from its URL alone: /bg/… is Bulgarian, /de/… German, and so
on for the 24 (settings.LANGUAGES); an address without a prefix is English.

A shared link then shows what its sender saw, the language switcher is a plain link (no form,
no cookie), and a page is the same for every visitor whatever their browser says, so that a
proxy or CDN can keep one copy of it per URL (see reports.views.public.public_page).
"""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.urls import NoReverseMatch, reverse
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


# The languages other than the site's own (English), which a translation may be given in:
# the platform names in the admin, a partnership's profile texts.
OTHER_LANGUAGES = [
    (code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
]


def page_in(language: str, request: HttpRequest) -> str:
    """The page of `request` (with its query string) in `language`, reversed from the match
    Django already made for the request rather than resolved again for each of the 24
    languages; that language's home page when the request matched none of ours, such as
    the address of a 404 (in the page's own language, the address as it is)."""
    match = request.resolver_match
    with translation.override(language):
        try:
            if match is None:
                raise NoReverseMatch
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            if language == request.LANGUAGE_CODE:
                return request.get_full_path()
            return reverse("reports:home")
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


def language_links(request):
    """Context processor: the current page in every language, for the language switcher and
    the page's `hreflang` alternates. Lazy, as Django's `user` is: made only for the pages
    that show them (not robots.txt, the sitemap or a fragment)."""
    return {"language_links": SimpleLazyObject(lambda: _links(request))}


def _links(request):
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = page_in(code, request)
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
