"""Patient, family, carer and staff feedback: the pure rules.

The qualitative framework's themes, the redaction of personal data from free text, and what a
feedback item is. No storage and no model here: the classifier lives in
`carewatch.textmining`, the writers in `carewatch.services.feedback`.
"""
