"""Build odm_intake/config/data/postal_codes.tsv.gz from the npm package ``codes-postaux``.

The package (MIT, Base Adresse Nationale, built from INSEE's official geographic code) lists
every French postal code with its communes. We keep (postal code, commune name) pairs.

    npm pack codes-postaux && tar xzf codes-postaux-*.tgz
    python scripts/build_postal_codes.py package/
"""

import gzip
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "odm_intake" / "config" / "data" / "postal_codes.tsv.gz"


def main(package_dir: str) -> None:
    package = Path(package_dir)
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    rows = json.loads((package / "codes-postaux.json").read_text(encoding="utf-8"))
    pairs = sorted({(r["codePostal"], r["nomCommune"]) for r in rows})
    header = f"# codes-postaux {meta['version']} (MIT, Base Adresse Nationale): postal code, commune\n"
    body = "".join(f"{code}\t{name}\n" for code, name in pairs)
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:  # mtime=0: the same input gives the same bytes
        out.write((header + body).encode("utf-8"))
    print(f"{len(pairs)} pairs -> {OUT.name} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main(sys.argv[1])
