"""NHS Oversight Framework segmentation as published each quarter, one row per trust and
quarter, with the file it came from. The trust need not be stored as a provider: a league
table ranks every trust in the peer group."""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from carewatch.store.tables._base import Base

__all__ = ["NOF_SEGMENTATION", "NofSegmentationRow"]


class NofSegmentationRow(Base):
    """A trust's published segment, average metric score and league-table position."""

    __tablename__ = "nof_segmentation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[str] = mapped_column(String(40))
    trust_name: Mapped[str] = mapped_column(String(300))
    peer_group: Mapped[str] = mapped_column(String(100))
    quarter_year: Mapped[int] = mapped_column(Integer)
    quarter_number: Mapped[int] = mapped_column(Integer)
    segment: Mapped[int] = mapped_column(Integer)
    average_metric_score: Mapped[float | None] = mapped_column(Float)
    financial_override: Mapped[bool | None] = mapped_column(Boolean)
    published_position: Mapped[int | None] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("provider_id", "quarter_year", "quarter_number"),
        CheckConstraint("segment BETWEEN 1 AND 5", name="segment_known"),
        CheckConstraint("quarter_number BETWEEN 1 AND 4", name="quarter_known"),
    )


NOF_SEGMENTATION = cast(Table, NofSegmentationRow.__table__)
