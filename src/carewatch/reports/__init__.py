"""Documents made from the services' read models: exports of the improvement plan, the SPC
chart and icons as SVG, and the board report (HTML and PDF).

They read the frozen values the services return and never touch the database.
"""
