#!/usr/bin/env python3
"""Pathological application files: the shapes an attacker would commit to make a check
slow or large (issue 12). Each is a valid or nearly valid application grown in one
direction by N, so timing N and 2N shows whether a stage is linear.

    bench/shapes.py SHAPE N OUT_FILE

Shapes:
    long-list      N items in `registration.target_markets`, each an unknown market
                   (one finding per item)
    plain-list     N valid items in `apps[*].authorized_shops` (no finding per item)
    unknown-keys   N unknown top-level keys (one schema finding per key)
    alias-bomb     an anchored string of N KiB used through 5 000 aliases

Python standard library only; the same arguments give the same bytes.
"""

import sys

BASE = """\
format: 1
policy: "2026.11"
account:
  email: ops@acme-trading.example
  phone: "+86 21 5555 0100"
  existing_account: none
  portal: global
developer_type: app_developer
registration:
  region: CN
  business_category: Order management
company:
  name: Acme Trading Ltd
  contact:
    name: Li Wei
    email: li.wei@acme-trading.example
    phone: "+86 21 5555 0101"
  description: Order and inventory sync for cross-border sellers
certification:
  status: submitted
  business_certificate:
    file: certs/acme-business-licence.pdf
    issuing_region: CN
  registration_number: "91310000MA1FL0XX0X"
compliance:
  review: requested
  contact: partner.uk@tiktokshop.com
  requested_on: 2026-11-02
launch:
  planned_date: 2027-01-15
"""


def long_list(n):
    lines = [BASE.replace("  region: CN\n", "  region: CN\n  target_markets:\n" +
                          "".join(f"    - Z{i:07d}\n" for i in range(n)))]
    lines.append("apps:\n  - name: Acme OMS\n    type: public\n")
    return "".join(lines)


def plain_list(n):
    shops = "".join(f"      - Globex Store {i}\n" for i in range(n))
    return (BASE.replace("  region: CN\n", "  region: CN\n  target_markets: [UK]\n")
            + "apps:\n  - name: Acme OMS\n    type: custom\n    authorized_shops:\n" + shops)


def unknown_keys(n):
    keys = "".join(f"field_{i:07d}: {i}\n" for i in range(n))
    return (BASE.replace("  region: CN\n", "  region: CN\n  target_markets: [UK]\n")
            + "apps:\n  - name: Acme OMS\n    type: public\n" + keys)


def alias_bomb(kib):
    value = "x" * (kib * 1024)
    aliases = "".join("  - *big\n" for _ in range(5000))
    return f"format: 1\nbig: &big {value}\nmany:\n{aliases}"


SHAPES = {
    "long-list": long_list,
    "plain-list": plain_list,
    "unknown-keys": unknown_keys,
    "alias-bomb": alias_bomb,
}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in SHAPES:
        sys.exit(__doc__)
    text = SHAPES[sys.argv[1]](int(sys.argv[2]))
    with open(sys.argv[3], "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
