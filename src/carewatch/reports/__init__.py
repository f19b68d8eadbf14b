"""Documents made from the services' read models: exports of the improvement plan.

They read frozen values (`carewatch.services.plans`) and never touch the database.
"""
