"""Made-up mental health trusts, SYN01–SYN06, so that national views are not empty.

Clearly synthetic: their names say "(synthetic)", their provider ids start with SYN and the
providers are stored with `synthetic = True`.

- `trusts`: the trusts and their reports (core-service ratings drawn from a fixed seed, trust
  ratings as the rules propose them);
- `segmentation`: two quarters of a made-up NHS Oversight Framework segmentation, so the
  league table can be seen.
"""

from carewatch.demo.synthetic.segmentation import SEGMENTATION
from carewatch.demo.synthetic.trusts import (
    TRUSTS,
    SyntheticReport,
    SyntheticTrust,
    synthetic_reports,
)

__all__ = ["SEGMENTATION", "TRUSTS", "SyntheticReport", "SyntheticTrust", "synthetic_reports"]
