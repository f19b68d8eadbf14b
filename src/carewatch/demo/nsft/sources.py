"""The public sources the worked example was read from, each named once.

CQC and NHS Improvement press releases, NHS England's Recovery Support Programme page, the
trust's own news pages, and local and trade press (ITV Anglia, HSJ, the Eastern Daily Press,
the East Anglian Daily Times, National Health Executive). Names are the publisher and the
year (and month, where one publisher has two in a year) of the piece.
"""

from __future__ import annotations

CQC_2015 = "https://www.cqc.org.uk/news/releases/chief-inspector-hospitals-recommends-norfolk-suffolk-nhs-foundation-trust-should-be"
NHE_2015 = "http://www.nationalhealthexecutive.com/News/norfolk-and-suffolk-mental-health-services-face-special-measures/96259"
NHSI_2016 = "https://improvement.nhs.uk/news-alerts/norfolk-and-suffolk-removed-special-measures/"
CQC_2017 = "https://www.cqc.org.uk/news/releases/chief-inspector-hospitals-recommends-norfolk-suffolk-nhs-foundation-trust-put-back"
CQC_2018 = "https://www.cqc.org.uk/news/releases/chief-inspector-hospitals-recommends-norfolk-suffolk-nhs-foundation-trust-remains"
HSJ_2018 = "https://www.hsj.co.uk/quality-and-performance/inadequate-trust-faces-calls-to-be-put-into-failure-regime/7023914.article"
EADT_2018 = "https://www.eadt.co.uk/news/suffolk-mental-health-cqc-matt-hancock-reaction-2524346"
EDP_2018_CALL = (
    "https://www.edp24.co.uk/news/health/mps-hold-phone-meeting-with-cqc-over-nsft-1317308"
)
ITV_2020 = "https://www.itv.com/news/anglia/2020-01-15/norfolk-and-suffolk-nhs-trust-to-stay-in-special-measures-despite-improvements"
ITV_2021 = "https://www.itv.com/news/anglia/2021-01-21/norfolk-and-suffolk-foundation-trust-told-it-still-needs-to-improve-patient-safety"
NHSE_RSP = "https://www.england.nhs.uk/long-read/update-on-the-recovery-support-programme/"
CQC_2022 = "https://www.cqc.org.uk/news/releases/cqc-rates-norfolk-suffolk-nhs-foundation-trust-inadequate-serves-warning-notice"
CQC_2023 = "https://cqc.org.uk/press-release/cqc-finds-improvement-norfolk-and-suffolk-nhs-foundation-trust-more-progress-needed"
NSFT_2025_02 = "https://nsft.nhs.uk/news/regions-mental-health-trust-exits-special-measures-3617"
NSFT_2025_08 = (
    "https://www.nsft.nhs.uk/news/cqcs-praise-for-nsft-staff-as-improvements-recognised-4594"
)
CQC_2025_10 = "https://www.cqc.org.uk/provider/RMY/reports/AP9874/well-led-assessment"
