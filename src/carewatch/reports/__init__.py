"""Documents made from the services' read models: exports of the improvement plan.

They read frozen values (`carewatch.services.plan_models`) and never touch the database.
"""
