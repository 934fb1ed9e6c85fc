"""The whole sitemap as a crawler reads it: the index at /sitemap.xml, then each sitemap it
names (every section, every page of one)."""

import re
from urllib.parse import urlsplit


def sitemap_text(client) -> str:
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    parts = []
    for address in re.findall(r"<loc>([^<]+)</loc>", index.content.decode()):
        part = urlsplit(address)
        response = client.get(part.path + (f"?{part.query}" if part.query else ""))
        assert response.status_code == 200, address
        parts.append(response.content.decode())
    return "\n".join(parts)
