#!/usr/bin/env python3
"""Writes talos-extensions.tsv (config-service main resources) from talhelper's bundled extension list.

Usage: python3 generate.py TALHELPER_SRC/pkg/config/schemas/talos-extensions.json OUT.tsv
The input is talhelper v3.1.16's list of the Image Factory's official extensions and overlays per Talos version.
The output keeps only membership, with each distinct set written once:
  ext<TAB>N<TAB>name,name,...          a set of official extensions
  overlay<TAB>N<TAB>name=image,...     a set of overlays
  version<TAB>vX.Y.Z<TAB>ext-set<TAB>overlay-set
"""
import json
import sys

versions = json.load(open(sys.argv[1]))["versions"]
ext_sets, overlay_sets, lines = {}, {}, []
for v in versions:
    ext = ",".join(sorted(v.get("systemExtensions") or []))
    ov = ",".join(sorted(f"{o['name']}={o['image']}" for o in (v.get("overlays") or [])))
    e = ext_sets.setdefault(ext, len(ext_sets))
    o = overlay_sets.setdefault(ov, len(overlay_sets))
    lines.append(f"version\t{v['version']}\t{e}\t{o}")
with open(sys.argv[2], "w") as out:
    out.write("# official Image Factory extensions and overlays per Talos version; see config-service/tools/talos-extensions\n")
    for s, i in ext_sets.items():
        out.write(f"ext\t{i}\t{s}\n")
    for s, i in overlay_sets.items():
        out.write(f"overlay\t{i}\t{s}\n")
    out.write("\n".join(lines) + "\n")
