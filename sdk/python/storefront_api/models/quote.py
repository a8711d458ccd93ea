from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.currency_enum import CurrencyEnum
from ..models.incoterm_enum import IncotermEnum
from ..models.preferred_language_enum import PreferredLanguageEnum
from ..models.quote_status_enum import QuoteStatusEnum
from ..models.source_enum import SourceEnum

if TYPE_CHECKING:
    from ..models.quote_line import QuoteLine
    from ..models.quote_revision import QuoteRevision


T = TypeVar("T", bound="Quote")


@_attrs_define
class Quote:
    """
    Attributes:
        id (int):
        number (str):
        member (int):
        company (int | None):
        email (str):
        language (PreferredLanguageEnum): * `en` - English
            * `zh-hans` - Simplified Chinese
            * `de` - German
            * `fr` - French
            * `es` - Spanish
            * `ar` - Arabic
            * `ja` - Japanese
            * `pt` - Portuguese
            * `ru` - Russian
        currency (CurrencyEnum): * `USD` - USD
            * `EUR` - EUR
            * `GBP` - GBP
            * `CNY` - CNY
            * `JPY` - JPY
            * `AUD` - AUD
            * `CAD` - CAD
        status (QuoteStatusEnum): * `requested` - Requested
            * `quoted` - Quoted
            * `revision_requested` - Revision requested
            * `accepted` - Accepted
            * `declined` - Declined
        source (SourceEnum): * `cart` - Cart
            * `product` - Product page
            * `form` - Blank form
            * `api` - API
        incoterm (IncotermEnum): * `EXW` - EXW – Ex Works
            * `FCA` - FCA – Free Carrier
            * `FOB` - FOB – Free On Board
            * `CFR` - CFR – Cost and Freight
            * `CIF` - CIF – Cost, Insurance and Freight
            * `DAP` - DAP – Delivered At Place
            * `DDP` - DDP – Delivered Duty Paid
        destination_country (str):
        destination_port (str):
        required_by (datetime.date | None):
        notes (str):
        revision_count (int):
        requested_at (datetime.datetime):
        waiting_since (datetime.datetime):
        order (int | None):
        order_number (None | str):
        lines (list[QuoteLine]):
        revisions (list[QuoteRevision]):
    """

    id: int
    number: str
    member: int
    company: int | None
    email: str
    language: PreferredLanguageEnum
    currency: CurrencyEnum
    status: QuoteStatusEnum
    source: SourceEnum
    incoterm: IncotermEnum
    destination_country: str
    destination_port: str
    required_by: datetime.date | None
    notes: str
    revision_count: int
    requested_at: datetime.datetime
    waiting_since: datetime.datetime
    order: int | None
    order_number: None | str
    lines: list[QuoteLine]
    revisions: list[QuoteRevision]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        number = self.number

        member = self.member

        company: int | None
        company = self.company

        email = self.email

        language = self.language.value

        currency = self.currency.value

        status = self.status.value

        source = self.source.value

        incoterm = self.incoterm.value

        destination_country = self.destination_country

        destination_port = self.destination_port

        required_by: None | str
        if isinstance(self.required_by, datetime.date):
            required_by = self.required_by.isoformat()
        else:
            required_by = self.required_by

        notes = self.notes

        revision_count = self.revision_count

        requested_at = self.requested_at.isoformat()

        waiting_since = self.waiting_since.isoformat()

        order: int | None
        order = self.order

        order_number: None | str
        order_number = self.order_number

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        revisions = []
        for revisions_item_data in self.revisions:
            revisions_item = revisions_item_data.to_dict()
            revisions.append(revisions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "number": number,
                "member": member,
                "company": company,
                "email": email,
                "language": language,
                "currency": currency,
                "status": status,
                "source": source,
                "incoterm": incoterm,
                "destination_country": destination_country,
                "destination_port": destination_port,
                "required_by": required_by,
                "notes": notes,
                "revision_count": revision_count,
                "requested_at": requested_at,
                "waiting_since": waiting_since,
                "order": order,
                "order_number": order_number,
                "lines": lines,
                "revisions": revisions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quote_line import QuoteLine  # noqa: PLC0415
        from ..models.quote_revision import QuoteRevision  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        number = d.pop("number")

        member = d.pop("member")

        def _parse_company(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        company = _parse_company(d.pop("company"))

        email = d.pop("email")

        language = PreferredLanguageEnum(d.pop("language"))

        currency = CurrencyEnum(d.pop("currency"))

        status = QuoteStatusEnum(d.pop("status"))

        source = SourceEnum(d.pop("source"))

        incoterm = IncotermEnum(d.pop("incoterm"))

        destination_country = d.pop("destination_country")

        destination_port = d.pop("destination_port")

        def _parse_required_by(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                required_by_type_0 = datetime.date.fromisoformat(data)

                return required_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        required_by = _parse_required_by(d.pop("required_by"))

        notes = d.pop("notes")

        revision_count = d.pop("revision_count")

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        waiting_since = datetime.datetime.fromisoformat(d.pop("waiting_since"))

        def _parse_order(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        order = _parse_order(d.pop("order"))

        def _parse_order_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order_number = _parse_order_number(d.pop("order_number"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = QuoteLine.from_dict(lines_item_data)

            lines.append(lines_item)

        revisions = []
        _revisions = d.pop("revisions")
        for revisions_item_data in _revisions:
            revisions_item = QuoteRevision.from_dict(revisions_item_data)

            revisions.append(revisions_item)

        quote = cls(
            id=id,
            number=number,
            member=member,
            company=company,
            email=email,
            language=language,
            currency=currency,
            status=status,
            source=source,
            incoterm=incoterm,
            destination_country=destination_country,
            destination_port=destination_port,
            required_by=required_by,
            notes=notes,
            revision_count=revision_count,
            requested_at=requested_at,
            waiting_since=waiting_since,
            order=order,
            order_number=order_number,
            lines=lines,
            revisions=revisions,
        )

        quote.additional_properties = d
        return quote

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
