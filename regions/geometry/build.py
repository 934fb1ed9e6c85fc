"""Build regions/geometry/europe.json, the outlines of the map of Europe, from Natural Earth.

Run by a developer when the outlines should change, never by `make run` or `make test`:

    .venv/bin/python regions/geometry/build.py            # fetches world-atlas with npm
    .venv/bin/python regions/geometry/build.py countries-50m.json   # or reads a copy

The source is the npm package world-atlas 2.0.2 (ISC licence), which redistributes Natural
Earth's 1:50m Admin 0 countries (public domain) as TopoJSON in longitude and latitude. The
script projects them with the Lambert azimuthal equal-area projection centred on Europe (the
formula of EPSG:3035, on a sphere: at this scale the ellipsoid makes no visible difference),
simplifies the shared borders once (so neighbours keep touching), drops overseas territories
and islets, clips to a frame around Europe and writes, for each country of
regions/countries.py, an SVG path in a viewBox; the other countries in the frame become one
background path. The site only reads the written file: no fetch at run time.
"""

import json
import math
import subprocess
import sys
import tarfile
import tempfile
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from regions.countries import COUNTRIES  # noqa: E402

PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-50m.json"
OUTPUT = Path(__file__).with_name("europe.json")
CREDIT = "Natural Earth (public domain), 1:50m Admin 0 countries, via world-atlas 2.0.2 (ISC)"

# Natural Earth's ids are ISO 3166-1 numeric codes; regions/countries.py knows alpha-3.
ISO_NUMERIC = {
    "BEL": "056", "DEU": "276", "FRA": "250", "ITA": "380", "LUX": "442", "NLD": "528",
    "DNK": "208", "IRL": "372", "GBR": "826", "GRC": "300", "ESP": "724", "PRT": "620",
    "AUT": "040", "FIN": "246", "SWE": "752", "CYP": "196", "CZE": "203", "EST": "233",
    "HUN": "348", "LVA": "428", "LTU": "440", "MLT": "470", "POL": "616", "SVK": "703",
    "SVN": "705", "BGR": "100", "ROU": "642", "HRV": "191", "CHE": "756", "ISL": "352",
    "NOR": "578",
}  # fmt: skip
# Parts Natural Earth draws apart that NUTS counts in a country: the Åland Islands are in
# Finland (FI200); the NUTS region CY000 is the whole island of Cyprus.
PARTS_BY_NAME = {"Åland": "FI", "N. Cyprus": "CY"}

# Parts of a country outside this box (longitude, latitude) are overseas (Canaries, Azores,
# Madeira, French overseas regions, Svalbard) and left off the map of Europe.
EUROPE_BOX = (-25.0, 34.0, 45.0, 72.0)
# Where the middle of the largest part is off the country or crowded (longitude, latitude).
LABEL_AT = {
    "HR": (17.2, 45.4),
    "NO": (9.0, 61.3),
    "EL": (22.0, 39.6),
    "IT": (12.6, 42.9),
    "UK": (-1.8, 52.8),
    "SE": (15.0, 61.0),
    "FI": (26.0, 62.5),
    "DK": (9.2, 56.0),
    "HU": (19.3, 47.1),
}
# The background: countries with a point in this box, enough to fill the frame.
NEIGHBOURHOOD_BOX = (-45.0, 20.0, 70.0, 85.0)
# Lambert azimuthal equal-area centred on 52° N, 10° E, with EPSG:3035's false origin.
CENTRE = (math.radians(10.0), math.radians(52.0))
EARTH_RADIUS = 6_371_007.0
FALSE_EASTING, FALSE_NORTHING = 4_321_000.0, 3_210_000.0
SIMPLIFY_METRES = 2_500.0
SMALLEST_ISLAND_KM2 = 60.0  # Gozo (67 km²) stays; a country's largest part always stays.
MARGIN_METRES = 60_000.0
WIDTH = 1000.0


def main(argv: list[str]) -> None:
    topology = json.loads(Path(argv[1]).read_text() if len(argv) > 1 else fetch())
    result = build(topology)
    OUTPUT.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{OUTPUT}: {len(result['countries'])} countries, {OUTPUT.stat().st_size:,} bytes")


def fetch() -> str:
    """countries-50m.json from the npm package, fetched with npm (which checks its integrity)."""
    with tempfile.TemporaryDirectory() as folder:
        name = subprocess.run(
            ["npm", "pack", PACKAGE, "--silent"],
            cwd=folder,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        with tarfile.open(Path(folder) / name) as archive:
            member = archive.extractfile(MEMBER)
            assert member is not None, f"{MEMBER} is missing from {name}"
            return member.read().decode()


def build(topology: dict) -> dict:
    lines = decode_arcs(topology)
    arcs = [simplify(project_line(line), SIMPLIFY_METRES) for line in lines]
    countries, others = sort_geometries(topology["objects"]["countries"]["geometries"])
    # Only what is near Europe: far away (near the antipode) the projection runs wild.
    background = [polygon for polygon in others if near_europe(rings(polygon, lines))]
    shapes = {
        code: keep_parts([rings(polygon, arcs) for polygon in polygons])
        for code, polygons in countries.items()
    }
    frame = bounding_box(polygon[0] for polygons in shapes.values() for polygon in polygons)
    frame = (
        frame[0] - MARGIN_METRES,
        frame[1] - MARGIN_METRES,
        frame[2] + MARGIN_METRES,
        frame[3] + MARGIN_METRES,
    )
    scale = WIDTH / (frame[2] - frame[0])
    height = round((frame[3] - frame[1]) * scale)

    def path(polygons: list[list[list[tuple[float, float]]]]) -> str:
        clipped = (clip(ring, frame) for polygon in polygons for ring in polygon)
        return "".join(svg_ring(ring, frame, scale) for ring in clipped if len(ring) > 2)

    def place(point: tuple[float, float]) -> list[float]:
        return [round((point[0] - frame[0]) * scale, 1), round((frame[3] - point[1]) * scale, 1)]

    background_rings = [rings(polygon, arcs) for polygon in background]
    return {
        "credit": CREDIT,
        "viewBox": [0, 0, WIDTH, height],
        "countries": {code: path(polygons) for code, polygons in sorted(shapes.items())},
        "labels": {code: place(label_point(code, polygons)) for code, polygons in shapes.items()},
        "background": path(background_rings),
    }


def label_point(code: str, polygons: list) -> tuple[float, float]:
    """Where a country's figure goes: the middle of its largest part, or LABEL_AT."""
    if code in LABEL_AT:
        return project(*LABEL_AT[code])
    ring = max((polygon[0] for polygon in polygons), key=lambda ring: abs(area(ring)))
    edges = list(zip(ring, ring[1:] + ring[:1], strict=True))
    twice_area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in edges)
    x = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in edges) / (3 * twice_area)
    y = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in edges) / (3 * twice_area)
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantized, delta-encoded arcs as (longitude, latitude) lines."""
    (scale_x, scale_y), (move_x, move_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    lines = []
    for arc in topology["arcs"]:
        x = y = 0
        line = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            line.append((x * scale_x + move_x, y * scale_y + move_y))
        lines.append(line)
    return lines


def sort_geometries(geometries: list[dict]) -> tuple[dict[str, list], list]:
    """({country code: [polygon]} for the project's countries, [polygon] of the others).

    A polygon is a list of rings, each a list of arc indices as TopoJSON writes them."""
    codes = {ISO_NUMERIC[country.iso3]: country.code for country in COUNTRIES}
    countries: dict[str, list] = {code: [] for code in codes.values()}
    background: list = []
    for geometry in geometries:
        polygons = {"Polygon": [geometry.get("arcs")], "MultiPolygon": geometry.get("arcs")}.get(
            geometry["type"]
        )
        if not polygons:
            continue
        name = geometry["properties"]["name"]
        code = codes.get(geometry.get("id", "")) or PARTS_BY_NAME.get(name)
        if code:
            countries[code].extend(polygons)
        else:
            background.extend(polygons)
    missing = [code for code, polygons in countries.items() if not polygons]
    assert not missing, f"Natural Earth has no outline for {missing}"
    return countries, background


def rings(polygon: list[list[int]], arcs: list) -> list[list[tuple[float, float]]]:
    """The rings of a polygon as points, from arc indices (~index: the arc reversed)."""
    result = []
    for ring in polygon:
        points: list[tuple[float, float]] = []
        for index in ring:
            line = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(line if not points else line[1:])
        result.append(points)
    return result


def keep_parts(polygons: list[list[list[tuple[float, float]]]]) -> list:
    """The parts in Europe big enough to see, and always the largest one."""
    in_europe = [polygon for polygon in polygons if polygon[0] and in_box(polygon[0])]
    largest = max(in_europe, key=lambda polygon: abs(area(polygon[0])))
    return [
        polygon
        for polygon in in_europe
        if polygon is largest or abs(area(polygon[0])) >= SMALLEST_ISLAND_KM2 * 1e6
    ]


def near_europe(polygon: list[list[tuple[float, float]]]) -> bool:
    """Whether a polygon in longitude and latitude reaches into NEIGHBOURHOOD_BOX."""
    west, south, east, north = NEIGHBOURHOOD_BOX
    return any(west <= x <= east and south <= y <= north for x, y in polygon[0])


def in_box(ring: list[tuple[float, float]]) -> bool:
    """Whether the middle of a projected ring lies in EUROPE_BOX."""
    x = sum(point[0] for point in ring) / len(ring)
    y = sum(point[1] for point in ring) / len(ring)
    longitude, latitude = unproject(x, y)
    west, south, east, north = EUROPE_BOX
    return west <= longitude <= east and south <= latitude <= north


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """Lambert azimuthal equal-area (spherical), in metres with EPSG:3035's false origin."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    lam0, phi0 = CENTRE
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam - lam0)
    k = math.sqrt(2 / max(1 + cos_c, 1e-9))
    x = k * math.cos(phi) * math.sin(lam - lam0)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam - lam0))
    return x * EARTH_RADIUS + FALSE_EASTING, y * EARTH_RADIUS + FALSE_NORTHING


def unproject(x: float, y: float) -> tuple[float, float]:
    """The inverse of project(), for placing a projected point in EUROPE_BOX."""
    x, y = (x - FALSE_EASTING) / EARTH_RADIUS, (y - FALSE_NORTHING) / EARTH_RADIUS
    lam0, phi0 = CENTRE
    rho = math.hypot(x, y)
    if rho == 0:
        return math.degrees(lam0), math.degrees(phi0)
    c = 2 * math.asin(min(rho / 2, 1.0))
    phi = math.asin(math.cos(c) * math.sin(phi0) + y * math.sin(c) * math.cos(phi0) / rho)
    lam = lam0 + math.atan2(
        x * math.sin(c), rho * math.cos(phi0) * math.cos(c) - y * math.sin(phi0) * math.sin(c)
    )
    return math.degrees(lam), math.degrees(phi)


def project_line(line: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [project(longitude, latitude) for longitude, latitude in line]


def simplify(line: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, keeping both ends (where arcs meet) so shared borders still match."""
    if len(line) < 3:
        return line
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = 0, 0.0
        for index in range(first + 1, last):
            offset = segment_distance(line[index], line[first], line[last])
            if offset > distance:
                farthest, distance = index, offset
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(line, keep, strict=True) if kept]


def segment_distance(point, start, end) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def area(ring: list[tuple[float, float]]) -> float:
    """Signed area (shoelace), in square metres."""
    edges = zip(ring, ring[1:] + ring[:1], strict=True)
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in edges) / 2


def bounding_box(rings) -> tuple[float, float, float, float]:
    points = [point for ring in rings for point in ring]
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def clip(ring: list[tuple[float, float]], frame) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against the frame: what lies outside runs along its edge."""
    west, south, east, north = frame
    edges = [
        (lambda p: p[0] >= west, lambda a, b: cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: cross_y(a, b, north)),
    ]
    points = ring
    for inside, crossing in edges:
        if not points:
            break
        result = []
        for current, previous in zip(points, points[-1:] + points[:-1], strict=True):
            if inside(current):
                if not inside(previous):
                    result.append(crossing(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(crossing(previous, current))
        points = result
    return points


def cross_x(a, b, x):
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def cross_y(a, b, y):
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def svg_ring(ring: list[tuple[float, float]], frame, scale: float) -> str:
    """A closed subpath in viewBox units, relative moves to one decimal (a smaller file)."""
    points = [(round((x - frame[0]) * scale, 1), round((frame[3] - y) * scale, 1)) for x, y in ring]
    start = points[0]
    steps = []
    for previous, current in pairwise(points):
        dx, dy = round(current[0] - previous[0], 1), round(current[1] - previous[1], 1)
        if dx or dy:
            steps.append(f"{number(dx)} {number(dy)}")
    if not steps:
        return ""
    return f"M{number(start[0])} {number(start[1])}l" + " ".join(steps) + "z"


def number(value: float) -> str:
    """1.0 → "1", 0.5 → ".5", -0.5 → "-.5": SVG reads them all."""
    text = f"{value:g}"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


if __name__ == "__main__":
    main(sys.argv)
