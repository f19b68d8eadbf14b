"""The worked example: Norfolk and Suffolk NHS Foundation Trust, plus labelled synthetic trusts.

`load_demo(db=...)` writes it through the same import service real CQC files use, so loading
it twice changes nothing.
"""

from carewatch.demo.load import DemoSummary, demo_batches, load_demo

__all__ = ["DemoSummary", "demo_batches", "load_demo"]
