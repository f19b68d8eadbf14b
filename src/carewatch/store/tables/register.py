"""The register: providers, their locations, and CQC's catalogue of core services."""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from carewatch.store.tables._base import Base


class Provider(Base):
    """A registered provider; for NHS trusts the CQC provider id is the ODS code (RMY)."""

    __tablename__ = "providers"

    provider_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(300))
    provider_type: Mapped[str | None] = mapped_column(String(100))
    trust_type: Mapped[str | None] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(100))
    ods_code: Mapped[str | None] = mapped_column(String(20))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (Index("ix_providers_ods_code", "ods_code"),)


class Location(Base):
    """A CQC location (a hospital, a site, a care home), registered to one provider."""

    __tablename__ = "locations"

    location_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.provider_id"))
    name: Mapped[str | None] = mapped_column(String(300))
    ods_code: Mapped[str | None] = mapped_column(String(20))
    location_type: Mapped[str | None] = mapped_column(String(100))
    primary_inspection_category: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(100))
    registration_status: Mapped[str | None] = mapped_column(String(40))
    registration_date: Mapped[dt.date | None] = mapped_column(Date)
    deregistration_date: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_locations_provider_id", "provider_id"),
        CheckConstraint(
            "deregistration_date IS NULL OR registration_date IS NULL "
            "OR deregistration_date >= registration_date",
            name="registration_dates_in_order",
        ),
    )


class CoreService(Base):
    """CQC's catalogue of inspection areas: id ("urgent") and display name."""

    __tablename__ = "core_services"

    service_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))


PROVIDERS = cast(Table, Provider.__table__)
LOCATIONS = cast(Table, Location.__table__)
CORE_SERVICES = cast(Table, CoreService.__table__)
