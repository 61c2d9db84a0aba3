"""Build odm_intake/config/data/first_names.txt: folded French first names.

Source: the French-language person providers of the Faker package (MIT licence), which list
common first names of France, Switzerland and Québec. Usage: ``python scripts/build_first_names.py``
with Faker installed (it is not a runtime dependency: only its data is kept).
"""

import importlib
from importlib.metadata import version
from pathlib import Path

from odm_intake.extractors.text import fold

LOCALES = ["fr_FR", "fr_CH", "fr_CA", "fr_QC", "fr_BE"]
OUT = Path(__file__).resolve().parent.parent / "odm_intake" / "config" / "data" / "first_names.txt"


def main() -> None:
    names: set[str] = set()
    for locale in LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            for name in getattr(provider, attr, ()) or ():
                for part in fold(name).split():
                    if len(part) > 1:
                        names.add(part)
    header = (
        f"# Folded French first names, from Faker {version('faker')} ({', '.join(LOCALES)} person providers).\n"
        "# Faker is MIT-licensed, Copyright (c) 2012 Daniele Faraglia. Regenerate: python scripts/build_first_names.py\n"
    )
    OUT.write_text(header + "\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {OUT.name}")


if __name__ == "__main__":
    main()
