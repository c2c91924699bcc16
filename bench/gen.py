#!/usr/bin/env python3
"""Deterministic benchmark corpus: realistic partner application files (format 1, see
shared/application-format.md), about a quarter of them with a policy problem.

    bench/gen.py COUNT OUT_DIR [--seed N]

Writes OUT_DIR/NNN/app-NNNNNN.partner.yaml (1 000 files per folder) and the certificate
scans they name in OUT_DIR/certs/. The same count and seed give the same bytes. Python
standard library only.
"""

import argparse
import os
import random

CERTS = {
    "acme-business-licence.pdf": b"%PDF-1.4\n% bench certificate scan\n%%EOF\n",
    "business-registration.png": b"\x89PNG\r\n\x1a\n bench certificate scan\n",
}

FIRST = ["Li", "Wei", "Mei", "Jun", "Anna", "Tom", "Siti", "Nguyen", "Arif", "Chloe",
         "Somchai", "Maria", "James", "Hana", "Ravi", "Lucy", "Omar", "Ying", "Dan", "Ivy"]
LAST = ["Wang", "Chen", "Smith", "Tan", "Lim", "Tran", "Santos", "Brown", "Lee", "Wong",
        "Kumar", "Garcia", "Ng", "Jones", "Pham", "Hassan", "Liu", "Taylor"]
WORDS = ["Acme", "Globex", "Bloom", "Nimbus", "Orchid", "Lotus", "Harbor", "Summit",
         "Pixel", "Maple", "Jade", "Coral", "Vertex", "Cedar", "Aurora", "Delta", "Kite"]
SUFFIX = ["Trading", "Commerce", "Software", "Labs", "Digital", "Retail", "Systems"]
CATEGORIES = ["Order management", "Inventory management", "Customer service",
              "Marketing", "Analytics", "Logistics", "ERP", "Product listing"]
SELLER_CATEGORY = "Seller inhouse developer / TikTok Shop Seller"
CROSS_BORDER = ["UK", "MY", "VN", "TH", "PH", "SG"]
LOCAL = ["US", "UK", "MY", "VN", "TH", "PH", "SG"]
PHONE_PREFIX = {"CN": "+86 21", "HK": "+852", "US": "+1 415", "UK": "+44 20",
                "MY": "+60 3", "VN": "+84 28", "TH": "+66 2", "PH": "+63 2", "SG": "+65"}

# The problems each kind of application can have; each one trips at least one rule.
SELLER_PROBLEMS = ["bad-email", "phone-unquoted", "unknown-market", "public-seller-app",
                   "shop-email-mismatch", "missing-compliance", "wrong-contact"]
ISV_PROBLEMS = ["bad-email", "phone-unquoted", "unknown-market", "cross-border",
                "portal-split", "missing-compliance", "wrong-contact", "typo-key",
                "missing-certificate", "region-mismatch", "duplicate-key"]


def q(s):
    """A YAML double-quoted string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def phone(rng, region):
    return f"{PHONE_PREFIX.get(region, '+65')} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"


def compliance_contact(markets):
    if "US" in markets:
        return "partner.us@tiktokshop.com"
    if "UK" in markets:
        return "partner.uk@tiktokshop.com"
    return "partner@tiktokshop.com"


def compliance(rng, markets, problem):
    lines = []
    if problem == "missing-compliance" and ("US" in markets or "UK" in markets):
        return lines
    contact = compliance_contact(markets)
    if problem == "wrong-contact":
        contact = "partner@tiktokshop.com" if contact != "partner@tiktokshop.com" else "partner.us@tiktokshop.com"
    month, day = rng.randint(1, 10), rng.randint(1, 28)
    lines += ["compliance:",
              "  review: requested",
              f"  contact: {contact}",
              f"  requested_on: 2026-{month:02d}-{day:02d}"]
    lines += ["", "launch:", f"  planned_date: 2027-{rng.randint(3, 12):02d}-{rng.randint(1, 28):02d}"]
    return lines


def seller(rng, n, problem):
    shop = f"{rng.choice(WORDS)} {rng.choice(['Boutique', 'Store', 'Shop', 'Outlet'])} {n}"
    slug = shop.lower().replace(" ", "-")
    email = f"owner{n}@{slug}.example"
    market = rng.choice(LOCAL)
    if problem == "missing-compliance":
        market = rng.choice(["US", "UK"])
    if problem == "unknown-market":
        market = rng.choice(["GB", "United States", "uk"])
    shop_email = email if problem != "shop-email-mismatch" else f"shop{n}@{slug}.example"
    if problem == "bad-email":
        email = email.replace("@", ".")
        shop_email = email
    lines = ["format: 1", 'policy: "2026.11"', "", "account:", f"  email: {email}"]
    if problem == "phone-unquoted":
        lines.append(f"  phone: {rng.randint(10**10, 10**11)}")
    else:
        lines.append(f"  phone: {q(phone(rng, market))}")
    lines += ["  existing_account: none", "", "developer_type: seller_developer", "",
              "seller:", f"  shop_name: {shop}", f"  shop_market: {market}",
              "  shop_status: activated", f"  shop_email: {shop_email}",
              f"  category: {SELLER_CATEGORY}", "", "apps:"]
    app_type = "public" if problem == "public-seller-app" else "custom"
    lines += [f"  - name: {shop} stock sync", f"    type: {app_type}",
              "    authorized_shops:", f"      - {shop}", ""]
    lines += compliance(rng, [market], problem)
    return lines


def isv(rng, n, problem):
    dev_type = rng.choice(["app_developer", "app_developer", "system_integrator"])
    company = f"{rng.choice(WORDS)} {rng.choice(SUFFIX)} {n}"
    domain = company.lower().replace(" ", "-") + ".example"
    region = rng.choice(["CN", "CN", "HK", "US", "UK", "MY", "SG", "VN"])
    if problem == "missing-compliance":
        region = rng.choice(["US", "UK"])
    if region in ("CN", "HK"):
        markets = sorted(rng.sample(CROSS_BORDER, rng.randint(1, 3)))
        if problem == "cross-border":
            markets.append(rng.choice(["US", "ID"]))
    else:
        markets = [region]
        if problem == "cross-border":
            markets.append(rng.choice([m for m in CROSS_BORDER if m != region]))
    if problem == "portal-split" and "US" not in markets:
        markets.append("US")
    if problem == "unknown-market":
        markets.append(rng.choice(["GB", "Malaysia", "sg"]))
    contact = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    email = f"ops@{domain}" if problem != "bad-email" else f"ops at {domain}"
    key = "target_market" if problem == "typo-key" else "target_markets"
    lines = ["# yaml-language-server: $schema=../../../schemas/partner-application.schema.json",
             "format: 1", 'policy: "2026.11"', "", "account:", f"  email: {email}"]
    if problem == "phone-unquoted":
        lines.append(f"  phone: {rng.randint(10**10, 10**11)}")
    else:
        lines.append(f"  phone: {q(phone(rng, region))}")
    lines += ["  existing_account: none", "", f"developer_type: {dev_type}", "",
              "registration:", f"  region: {region}", f"  {key}: [{', '.join(markets)}]",
              f"  business_category: {rng.choice(CATEGORIES)}", "",
              "company:", f"  name: {company}", "  contact:", f"    name: {contact}",
              f"    email: {contact.split()[0].lower()}@{domain}",
              f"    phone: {q(phone(rng, region))}"]
    if problem == "duplicate-key":
        lines.append(f"    name: {contact}")
    lines.append(f"  description: {rng.choice(CATEGORIES)} for {', '.join(markets)} sellers")
    cert = rng.choice(sorted(CERTS))
    if problem == "missing-certificate":
        cert = "missing-scan.pdf"
    issuing = region if problem != "region-mismatch" else ("HK" if region != "HK" else "CN")
    lines += ["", "certification:", "  status: submitted", "  business_certificate:",
              f"    file: ../certs/{cert}", f"    issuing_region: {issuing}",
              f"  registration_number: {q(''.join(rng.choice('0123456789ABCDEFGHJK') for _ in range(18)))}",
              "", "apps:"]
    for i in range(rng.randint(1, 3)):
        app_type = rng.choice(["public", "custom"])
        lines += [f"  - name: {company} app {i + 1}", f"    type: {app_type}"]
        if app_type == "custom":
            lines += ["    authorized_shops:", f"      - {rng.choice(WORDS)} Store {rng.randint(1, 999)}"]
    lines.append("")
    lines += compliance(rng, markets + [region], problem)
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("count", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20261122)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.out, "certs"), exist_ok=True)
    for name, data in CERTS.items():
        with open(os.path.join(args.out, "certs", name), "wb") as f:
            f.write(data)
    problems = 0
    for n in range(args.count):
        kind, problems_of_kind = (seller, SELLER_PROBLEMS) if rng.random() < 0.3 else (isv, ISV_PROBLEMS)
        problem = rng.choice(problems_of_kind) if rng.random() < 0.25 else None
        problems += problem is not None
        lines = kind(rng, n, problem)
        folder = os.path.join(args.out, f"{n // 1000:03d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"app-{n:06d}.partner.yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines).rstrip("\n") + "\n")
    print(f"{args.count} files in {args.out}, {problems} with a planted problem (seed {args.seed})")


if __name__ == "__main__":
    main()
