import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.paginated_price_list_list import PaginatedPriceListList
from ...models.price_lists_list_kind import PriceListsListKind
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    company: float | Unset = UNSET,
    currency: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    kind: PriceListsListKind | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["company"] = company

    params["currency"] = currency

    params["is_active"] = is_active

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    params["page"] = page

    params["page_size"] = page_size

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/price-lists/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PaginatedPriceListList | None:
    if response.status_code == 200:
        response_200 = PaginatedPriceListList.from_dict(response.json())

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
) -> Response[Error | PaginatedPriceListList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    company: float | Unset = UNSET,
    currency: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    kind: PriceListsListKind | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[Error | PaginatedPriceListList]:
    """List price lists

     Every price list with whom it applies to (companies, or customer types and/or
    countries), oldest first; filter by ``company``, ``currency``, ``kind``, ``is_active`` and
    ``updated_after``. A list's prices: ``GET /price-lists/{id}/``.

    Args:
        company (float | Unset):
        currency (str | Unset):
        is_active (bool | Unset):
        kind (PriceListsListKind | Unset):
        page (int | Unset):
        page_size (int | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedPriceListList]
    """

    kwargs = _get_kwargs(
        company=company,
        currency=currency,
        is_active=is_active,
        kind=kind,
        page=page,
        page_size=page_size,
        updated_after=updated_after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    company: float | Unset = UNSET,
    currency: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    kind: PriceListsListKind | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Error | PaginatedPriceListList | None:
    """List price lists

     Every price list with whom it applies to (companies, or customer types and/or
    countries), oldest first; filter by ``company``, ``currency``, ``kind``, ``is_active`` and
    ``updated_after``. A list's prices: ``GET /price-lists/{id}/``.

    Args:
        company (float | Unset):
        currency (str | Unset):
        is_active (bool | Unset):
        kind (PriceListsListKind | Unset):
        page (int | Unset):
        page_size (int | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedPriceListList
    """

    return sync_detailed(
        client=client,
        company=company,
        currency=currency,
        is_active=is_active,
        kind=kind,
        page=page,
        page_size=page_size,
        updated_after=updated_after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    company: float | Unset = UNSET,
    currency: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    kind: PriceListsListKind | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[Error | PaginatedPriceListList]:
    """List price lists

     Every price list with whom it applies to (companies, or customer types and/or
    countries), oldest first; filter by ``company``, ``currency``, ``kind``, ``is_active`` and
    ``updated_after``. A list's prices: ``GET /price-lists/{id}/``.

    Args:
        company (float | Unset):
        currency (str | Unset):
        is_active (bool | Unset):
        kind (PriceListsListKind | Unset):
        page (int | Unset):
        page_size (int | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedPriceListList]
    """

    kwargs = _get_kwargs(
        company=company,
        currency=currency,
        is_active=is_active,
        kind=kind,
        page=page,
        page_size=page_size,
        updated_after=updated_after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    company: float | Unset = UNSET,
    currency: str | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    kind: PriceListsListKind | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Error | PaginatedPriceListList | None:
    """List price lists

     Every price list with whom it applies to (companies, or customer types and/or
    countries), oldest first; filter by ``company``, ``currency``, ``kind``, ``is_active`` and
    ``updated_after``. A list's prices: ``GET /price-lists/{id}/``.

    Args:
        company (float | Unset):
        currency (str | Unset):
        is_active (bool | Unset):
        kind (PriceListsListKind | Unset):
        page (int | Unset):
        page_size (int | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedPriceListList
    """

    return (
        await asyncio_detailed(
            client=client,
            company=company,
            currency=currency,
            is_active=is_active,
            kind=kind,
            page=page,
            page_size=page_size,
            updated_after=updated_after,
        )
    ).parsed
