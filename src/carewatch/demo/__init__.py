"""The worked example: Norfolk and Suffolk NHS Foundation Trust, plus labelled synthetic trusts.

`nsft` and `synthetic` declare the facts; `load` hands them to the services' public writers
(ratings through the same import service real CQC files use), so loading twice changes
nothing. `load_demo(db=...)` loads it all.
"""

from carewatch.demo.load import DemoSummary, demo_batches, load_demo

__all__ = ["DemoSummary", "demo_batches", "load_demo"]
