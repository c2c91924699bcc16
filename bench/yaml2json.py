#!/usr/bin/env python3
"""Converts a corpus's application files to JSON for ajv-cli: bench/yaml2json.py SRC DST.

ajv-cli reads YAML itself (js-yaml), but stops the whole run at the first file it cannot
parse (a duplicate key), and js-yaml reads unquoted dates as timestamps, which the schema
then refuses as not strings. So ajv is given the same data as JSON, converted here with
ruamel.yaml (check-jsonschema's own YAML reader, from bench/.venv): duplicate keys keep the
last value, dates stay text. The conversion is not timed.
"""

import json
import os
import sys

from ruamel.yaml import YAML

src, dst = sys.argv[1], sys.argv[2]
yaml = YAML(typ="safe", pure=True)
yaml.allow_duplicate_keys = True
count = 0
for root, _dirs, files in os.walk(src):
    for name in sorted(files):
        if not name.endswith(".partner.yaml"):
            continue
        out_dir = os.path.join(dst, os.path.relpath(root, src))
        os.makedirs(out_dir, exist_ok=True)
        with open(os.path.join(root, name), encoding="utf-8") as f:
            try:
                data = yaml.load(f)
            except Exception as e:  # a file the YAML reader refuses: keep its error as data
                data = {"unreadable": str(e)}
        with open(os.path.join(out_dir, name[: -len(".yaml")] + ".json"), "w", encoding="utf-8") as f:
            json.dump(data, f, default=str)
        count += 1
print(f"{count} files converted to JSON in {dst}")
