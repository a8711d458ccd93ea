import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.companies_ledger_list_kind import CompaniesLedgerListKind
from ...models.error import Error
from ...models.paginated_ledger_entry_list import PaginatedLedgerEntryList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    company: int,
    *,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: CompaniesLedgerListKind | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    json_created_before: str | Unset = UNSET
    if not isinstance(created_before, Unset):
        json_created_before = created_before.isoformat()
    params["created_before"] = json_created_before

    params["cursor"] = cursor

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/companies/{company}/ledger/".format(
            company=quote(str(company), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PaginatedLedgerEntryList | None:
    if response.status_code == 200:
        response_200 = PaginatedLedgerEntryList.from_dict(response.json())

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
) -> Response[Error | PaginatedLedgerEntryList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    company: int,
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: CompaniesLedgerListKind | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[Error | PaginatedLedgerEntryList]:
    """A company's ledger entries

     Every change of the company's points, newest first, each with the buyer who earned or
    spent it (``member``; null for the company's own changes); filter by ``kind`` and time.

    Args:
        company (int):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        cursor (str | Unset):
        kind (CompaniesLedgerListKind | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedLedgerEntryList]
    """

    kwargs = _get_kwargs(
        company=company,
        created_after=created_after,
        created_before=created_before,
        cursor=cursor,
        kind=kind,
        page_size=page_size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company: int,
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: CompaniesLedgerListKind | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Error | PaginatedLedgerEntryList | None:
    """A company's ledger entries

     Every change of the company's points, newest first, each with the buyer who earned or
    spent it (``member``; null for the company's own changes); filter by ``kind`` and time.

    Args:
        company (int):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        cursor (str | Unset):
        kind (CompaniesLedgerListKind | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedLedgerEntryList
    """

    return sync_detailed(
        company=company,
        client=client,
        created_after=created_after,
        created_before=created_before,
        cursor=cursor,
        kind=kind,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    company: int,
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: CompaniesLedgerListKind | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[Error | PaginatedLedgerEntryList]:
    """A company's ledger entries

     Every change of the company's points, newest first, each with the buyer who earned or
    spent it (``member``; null for the company's own changes); filter by ``kind`` and time.

    Args:
        company (int):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        cursor (str | Unset):
        kind (CompaniesLedgerListKind | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedLedgerEntryList]
    """

    kwargs = _get_kwargs(
        company=company,
        created_after=created_after,
        created_before=created_before,
        cursor=cursor,
        kind=kind,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company: int,
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: CompaniesLedgerListKind | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Error | PaginatedLedgerEntryList | None:
    """A company's ledger entries

     Every change of the company's points, newest first, each with the buyer who earned or
    spent it (``member``; null for the company's own changes); filter by ``kind`` and time.

    Args:
        company (int):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        cursor (str | Unset):
        kind (CompaniesLedgerListKind | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedLedgerEntryList
    """

    return (
        await asyncio_detailed(
            company=company,
            client=client,
            created_after=created_after,
            created_before=created_before,
            cursor=cursor,
            kind=kind,
            page_size=page_size,
        )
    ).parsed
