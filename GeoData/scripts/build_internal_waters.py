#!/usr/bin/env python3
"""Build Venezuela's internal waters layer -> GeoData/maritime/internal_waters.geojson.

Lake Maracaibo and Tablazo Bay are internal waters of Venezuela. In GSHHG they are sea (the
shoreline runs round them, through the Maracaibo strait), so a rule "distance to the coast"
would put the lake's centre 22 nm "offshore". This layer is the water of that system, south
of a closing line across the mouth of Tablazo Bay.

Method: the water (the domain box minus the land layer) south of the closing line, keeping the
connected piece that holds the lake's centre. The closing line joins the points where GSHHG's
shoreline meets the outer edge of the bay, on the Guajira side near San Carlos Island
(10.9999847N 71.7729458W) and on the Zulia side near Zapara Island (10.9554284N 71.4958419W):
an approximation read off the GSHHG-high shoreline, not a published baseline (Venezuela's
straight baselines, Decree 1.152 of 1968, are not modelled). Deterministic output, 7 decimals.

usage: build_internal_waters.py LAND.geojson OUTPUT.geojson
"""
import json
import sys

import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.geometry.polygon import orient

VERSION = "2026-11-30"
CLOSING_WEST = (-71.7729458, 10.9999847)
CLOSING_EAST = (-71.4958419, 10.9554284)
LAKE_CENTRE = (-71.6, 9.8)
# South of the closing line, around the lake: 72.6W-70.8W, 8.9N up to the line.
AREA = Polygon([(-72.6, 8.9), (-70.8, 8.9), (-70.8, CLOSING_EAST[1]), CLOSING_EAST, CLOSING_WEST,
                (-72.6, CLOSING_WEST[1]), (-72.6, 8.9)])


def main():
    land_path, out_path = sys.argv[1], sys.argv[2]
    land = shapely.union_all([shape(f['geometry']) for f in json.load(open(land_path))['features']])
    water = AREA.difference(land)
    pieces = list(water.geoms) if isinstance(water, MultiPolygon) else [water]
    lake = next(p for p in pieces if p.contains(Point(LAKE_CENTRE)))
    lake = orient(shapely.set_precision(lake, 1e-7), sign=1.0)
    assert lake.is_valid, shapely.is_valid_reason(lake)
    feature = {
        "type": "Feature",
        "properties": {
            "id": "VEN", "name": "Lake Maracaibo and Tablazo Bay", "kind": "internal-waters", "state": "VEN",
            "source": "GSHHG 2.3.7 high shoreline via GeoData/land/land.geojson; closing line read off it",
            "method": "water south of the line San Carlos Island - Zapara Island, connected to the lake",
            "version": VERSION,
        },
        "geometry": {"type": "Polygon", "coordinates": [
            [[round(x, 7), round(y, 7)] for x, y in ring.coords] for ring in [lake.exterior, *lake.interiors]]},
    }
    text = json.dumps({"type": "FeatureCollection", "features": [feature]}, separators=(',', ':'), ensure_ascii=False)
    open(out_path, 'w').write(text + '\n')
    print(f'wrote {out_path}: {len(lake.exterior.coords)} vertices')


if __name__ == '__main__':
    main()
