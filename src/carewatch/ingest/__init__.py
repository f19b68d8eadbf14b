"""Readers of real files. They validate every row and never write.

- `carewatch.ingest.cqc_api.read_cqc_api`: CQC syndication API JSON (locations, providers).
- `carewatch.ingest.cqc_ratings.stream_cqc_ratings`: CQC's monthly "Latest ratings" file,
  read a chunk at a time (`read_cqc_ratings` reads it whole, for small files).
- `carewatch.ingest.download.download_latest_ratings`: fetch that file over HTTP.

Each reader returns `carewatch.ingest.records.ImportBatch` values (or a `BatchStream` of
them) or raises `IngestError` naming the file, sheet, row and column. Every reader holds the
text it reads to the rules of `carewatch.ingest.text` (its column's length, no control
characters).
"""
