"""`make audit`: known vulnerabilities in the pinned dependencies (constraints.txt), by pip-audit.

Fails when a pinned package has a known vulnerability. Where the vulnerability service cannot
be reached, or answers for none of the packages (a package mirror without advisory data),
it says so and does not fail: no audit happened, and that is printed, not hidden.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

UNREACHABLE = ("connectionerror", "failed to resolve", "max retries", "timed out", "network")


def main() -> int:
    venv_bin = Path(sys.executable).parent
    result = subprocess.run(
        [
            str(venv_bin / "pip-audit"),
            "--requirement",
            "constraints.txt",
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        if any(word in result.stderr.lower() for word in UNREACHABLE):
            print("pip-audit skipped: the vulnerability service cannot be reached")
            return 0
        print(result.stdout + result.stderr, file=sys.stderr)
        return result.returncode or 1
    packages = report.get("dependencies", [])
    vulnerable = [p for p in packages if p.get("vulns")]
    skipped = [p for p in packages if p.get("skip_reason")]
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"{package['name']} {package['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        return 1
    if packages and len(skipped) == len(packages):
        print(
            f"pip-audit skipped: the vulnerability service answered for none of the "
            f"{len(packages)} pinned packages (a package mirror without advisory data?)"
        )
        return 0
    print(
        f"pip-audit: {len(packages) - len(skipped)} pinned packages, no known vulnerabilities"
        + (f"; {len(skipped)} could not be audited" if skipped else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
