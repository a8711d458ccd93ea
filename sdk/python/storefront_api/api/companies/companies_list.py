import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.companies_list_country import CompaniesListCountry
from ...models.companies_list_customer_type import CompaniesListCustomerType
from ...models.companies_list_payment_terms import CompaniesListPaymentTerms
from ...models.companies_list_segment import CompaniesListSegment
from ...models.error import Error
from ...models.paginated_company_list import PaginatedCompanyList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    country: CompaniesListCountry | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    customer_type: CompaniesListCustomerType | Unset = UNSET,
    external_id: str | Unset = UNSET,
    member_email: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    payment_terms: CompaniesListPaymentTerms | Unset = UNSET,
    segment: CompaniesListSegment | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    vat_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_country: str | Unset = UNSET
    if not isinstance(country, Unset):
        json_country = country.value

    params["country"] = json_country

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    json_created_before: str | Unset = UNSET
    if not isinstance(created_before, Unset):
        json_created_before = created_before.isoformat()
    params["created_before"] = json_created_before

    json_customer_type: str | Unset = UNSET
    if not isinstance(customer_type, Unset):
        json_customer_type = customer_type.value

    params["customer_type"] = json_customer_type

    params["external_id"] = external_id

    params["member_email"] = member_email

    params["page"] = page

    params["page_size"] = page_size

    json_payment_terms: str | Unset = UNSET
    if not isinstance(payment_terms, Unset):
        json_payment_terms = payment_terms.value

    params["payment_terms"] = json_payment_terms

    json_segment: str | Unset = UNSET
    if not isinstance(segment, Unset):
        json_segment = segment.value

    params["segment"] = json_segment

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params["vat_id"] = vat_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/companies/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PaginatedCompanyList | None:
    if response.status_code == 200:
        response_200 = PaginatedCompanyList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 406:
        response_406 = Error.from_dict(response.json())

        return response_406

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | PaginatedCompanyList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    country: CompaniesListCountry | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    customer_type: CompaniesListCustomerType | Unset = UNSET,
    external_id: str | Unset = UNSET,
    member_email: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    payment_terms: CompaniesListPaymentTerms | Unset = UNSET,
    segment: CompaniesListSegment | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    vat_id: str | Unset = UNSET,
) -> Response[Error | PaginatedCompanyList]:
    """List companies

     Companies, oldest first, with their number of members. Creating one needs
    ``legal_name`` and ``country``; its VAT / tax id is checked for the country.

    Args:
        country (CompaniesListCountry | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        customer_type (CompaniesListCustomerType | Unset):
        external_id (str | Unset):
        member_email (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        payment_terms (CompaniesListPaymentTerms | Unset):
        segment (CompaniesListSegment | Unset):
        updated_after (datetime.datetime | Unset):
        vat_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedCompanyList]
    """

    kwargs = _get_kwargs(
        country=country,
        created_after=created_after,
        created_before=created_before,
        customer_type=customer_type,
        external_id=external_id,
        member_email=member_email,
        page=page,
        page_size=page_size,
        payment_terms=payment_terms,
        segment=segment,
        updated_after=updated_after,
        vat_id=vat_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    country: CompaniesListCountry | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    customer_type: CompaniesListCustomerType | Unset = UNSET,
    external_id: str | Unset = UNSET,
    member_email: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    payment_terms: CompaniesListPaymentTerms | Unset = UNSET,
    segment: CompaniesListSegment | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    vat_id: str | Unset = UNSET,
) -> Error | PaginatedCompanyList | None:
    """List companies

     Companies, oldest first, with their number of members. Creating one needs
    ``legal_name`` and ``country``; its VAT / tax id is checked for the country.

    Args:
        country (CompaniesListCountry | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        customer_type (CompaniesListCustomerType | Unset):
        external_id (str | Unset):
        member_email (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        payment_terms (CompaniesListPaymentTerms | Unset):
        segment (CompaniesListSegment | Unset):
        updated_after (datetime.datetime | Unset):
        vat_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedCompanyList
    """

    return sync_detailed(
        client=client,
        country=country,
        created_after=created_after,
        created_before=created_before,
        customer_type=customer_type,
        external_id=external_id,
        member_email=member_email,
        page=page,
        page_size=page_size,
        payment_terms=payment_terms,
        segment=segment,
        updated_after=updated_after,
        vat_id=vat_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    country: CompaniesListCountry | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    customer_type: CompaniesListCustomerType | Unset = UNSET,
    external_id: str | Unset = UNSET,
    member_email: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    payment_terms: CompaniesListPaymentTerms | Unset = UNSET,
    segment: CompaniesListSegment | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    vat_id: str | Unset = UNSET,
) -> Response[Error | PaginatedCompanyList]:
    """List companies

     Companies, oldest first, with their number of members. Creating one needs
    ``legal_name`` and ``country``; its VAT / tax id is checked for the country.

    Args:
        country (CompaniesListCountry | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        customer_type (CompaniesListCustomerType | Unset):
        external_id (str | Unset):
        member_email (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        payment_terms (CompaniesListPaymentTerms | Unset):
        segment (CompaniesListSegment | Unset):
        updated_after (datetime.datetime | Unset):
        vat_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedCompanyList]
    """

    kwargs = _get_kwargs(
        country=country,
        created_after=created_after,
        created_before=created_before,
        customer_type=customer_type,
        external_id=external_id,
        member_email=member_email,
        page=page,
        page_size=page_size,
        payment_terms=payment_terms,
        segment=segment,
        updated_after=updated_after,
        vat_id=vat_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    country: CompaniesListCountry | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    customer_type: CompaniesListCustomerType | Unset = UNSET,
    external_id: str | Unset = UNSET,
    member_email: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    payment_terms: CompaniesListPaymentTerms | Unset = UNSET,
    segment: CompaniesListSegment | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    vat_id: str | Unset = UNSET,
) -> Error | PaginatedCompanyList | None:
    """List companies

     Companies, oldest first, with their number of members. Creating one needs
    ``legal_name`` and ``country``; its VAT / tax id is checked for the country.

    Args:
        country (CompaniesListCountry | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        customer_type (CompaniesListCustomerType | Unset):
        external_id (str | Unset):
        member_email (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        payment_terms (CompaniesListPaymentTerms | Unset):
        segment (CompaniesListSegment | Unset):
        updated_after (datetime.datetime | Unset):
        vat_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedCompanyList
    """

    return (
        await asyncio_detailed(
            client=client,
            country=country,
            created_after=created_after,
            created_before=created_before,
            customer_type=customer_type,
            external_id=external_id,
            member_email=member_email,
            page=page,
            page_size=page_size,
            payment_terms=payment_terms,
            segment=segment,
            updated_after=updated_after,
            vat_id=vat_id,
        )
    ).parsed
