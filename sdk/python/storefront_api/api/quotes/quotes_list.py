import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.paginated_quote_list import PaginatedQuoteList
from ...models.quotes_list_currency import QuotesListCurrency
from ...models.quotes_list_status import QuotesListStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    company: float | Unset = UNSET,
    currency: QuotesListCurrency | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    requested_after: datetime.datetime | Unset = UNSET,
    status: QuotesListStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["company"] = company

    json_currency: str | Unset = UNSET
    if not isinstance(currency, Unset):
        json_currency = currency.value

    params["currency"] = json_currency

    params["member"] = member

    params["page"] = page

    params["page_size"] = page_size

    json_requested_after: str | Unset = UNSET
    if not isinstance(requested_after, Unset):
        json_requested_after = requested_after.isoformat()
    params["requested_after"] = json_requested_after

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/quotes/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PaginatedQuoteList | None:
    if response.status_code == 200:
        response_200 = PaginatedQuoteList.from_dict(response.json())

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
) -> Response[Error | PaginatedQuoteList]:
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
    currency: QuotesListCurrency | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    requested_after: datetime.datetime | Unset = UNSET,
    status: QuotesListStatus | Unset = UNSET,
) -> Response[Error | PaginatedQuoteList]:
    """List requests for quotation

     Requests for quotation, newest first, with their lines and every revision sent; filter
    by ``status`` (``requested`` and ``revision_requested`` wait for an answer), ``member``,
    ``company``, ``currency``, ``requested_after``.

    Args:
        company (float | Unset):
        currency (QuotesListCurrency | Unset):
        member (float | Unset):
        page (int | Unset):
        page_size (int | Unset):
        requested_after (datetime.datetime | Unset):
        status (QuotesListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedQuoteList]
    """

    kwargs = _get_kwargs(
        company=company,
        currency=currency,
        member=member,
        page=page,
        page_size=page_size,
        requested_after=requested_after,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    company: float | Unset = UNSET,
    currency: QuotesListCurrency | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    requested_after: datetime.datetime | Unset = UNSET,
    status: QuotesListStatus | Unset = UNSET,
) -> Error | PaginatedQuoteList | None:
    """List requests for quotation

     Requests for quotation, newest first, with their lines and every revision sent; filter
    by ``status`` (``requested`` and ``revision_requested`` wait for an answer), ``member``,
    ``company``, ``currency``, ``requested_after``.

    Args:
        company (float | Unset):
        currency (QuotesListCurrency | Unset):
        member (float | Unset):
        page (int | Unset):
        page_size (int | Unset):
        requested_after (datetime.datetime | Unset):
        status (QuotesListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedQuoteList
    """

    return sync_detailed(
        client=client,
        company=company,
        currency=currency,
        member=member,
        page=page,
        page_size=page_size,
        requested_after=requested_after,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    company: float | Unset = UNSET,
    currency: QuotesListCurrency | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    requested_after: datetime.datetime | Unset = UNSET,
    status: QuotesListStatus | Unset = UNSET,
) -> Response[Error | PaginatedQuoteList]:
    """List requests for quotation

     Requests for quotation, newest first, with their lines and every revision sent; filter
    by ``status`` (``requested`` and ``revision_requested`` wait for an answer), ``member``,
    ``company``, ``currency``, ``requested_after``.

    Args:
        company (float | Unset):
        currency (QuotesListCurrency | Unset):
        member (float | Unset):
        page (int | Unset):
        page_size (int | Unset):
        requested_after (datetime.datetime | Unset):
        status (QuotesListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedQuoteList]
    """

    kwargs = _get_kwargs(
        company=company,
        currency=currency,
        member=member,
        page=page,
        page_size=page_size,
        requested_after=requested_after,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    company: float | Unset = UNSET,
    currency: QuotesListCurrency | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    requested_after: datetime.datetime | Unset = UNSET,
    status: QuotesListStatus | Unset = UNSET,
) -> Error | PaginatedQuoteList | None:
    """List requests for quotation

     Requests for quotation, newest first, with their lines and every revision sent; filter
    by ``status`` (``requested`` and ``revision_requested`` wait for an answer), ``member``,
    ``company``, ``currency``, ``requested_after``.

    Args:
        company (float | Unset):
        currency (QuotesListCurrency | Unset):
        member (float | Unset):
        page (int | Unset):
        page_size (int | Unset):
        requested_after (datetime.datetime | Unset):
        status (QuotesListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedQuoteList
    """

    return (
        await asyncio_detailed(
            client=client,
            company=company,
            currency=currency,
            member=member,
            page=page,
            page_size=page_size,
            requested_after=requested_after,
            status=status,
        )
    ).parsed
