import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.orders_list_currency import OrdersListCurrency
from ...models.orders_list_status import OrdersListStatus
from ...models.paginated_order_list import PaginatedOrderList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    currency: OrdersListCurrency | Unset = UNSET,
    external_id: str | Unset = UNSET,
    member: float | Unset = UNSET,
    number: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    paid_in_full: bool | Unset = UNSET,
    placed_after: datetime.datetime | Unset = UNSET,
    placed_before: datetime.datetime | Unset = UNSET,
    status: OrdersListStatus | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_currency: str | Unset = UNSET
    if not isinstance(currency, Unset):
        json_currency = currency.value

    params["currency"] = json_currency

    params["external_id"] = external_id

    params["member"] = member

    params["number"] = number

    params["page"] = page

    params["page_size"] = page_size

    params["paid_in_full"] = paid_in_full

    json_placed_after: str | Unset = UNSET
    if not isinstance(placed_after, Unset):
        json_placed_after = placed_after.isoformat()
    params["placed_after"] = json_placed_after

    json_placed_before: str | Unset = UNSET
    if not isinstance(placed_before, Unset):
        json_placed_before = placed_before.isoformat()
    params["placed_before"] = json_placed_before

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/orders/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PaginatedOrderList | None:
    if response.status_code == 200:
        response_200 = PaginatedOrderList.from_dict(response.json())

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
) -> Response[Error | PaginatedOrderList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    currency: OrdersListCurrency | Unset = UNSET,
    external_id: str | Unset = UNSET,
    member: float | Unset = UNSET,
    number: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    paid_in_full: bool | Unset = UNSET,
    placed_after: datetime.datetime | Unset = UNSET,
    placed_before: datetime.datetime | Unset = UNSET,
    status: OrdersListStatus | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[Error | PaginatedOrderList]:
    """List orders

     Orders from the storefront and from the ERP. POST records an order the ERP already took
    and was paid for: it is stored as paid, so it earns points like a web order (pending
    through the return window). ``external_id`` is unique (409 ``external_id_taken``).

    Args:
        currency (OrdersListCurrency | Unset):
        external_id (str | Unset):
        member (float | Unset):
        number (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        paid_in_full (bool | Unset):
        placed_after (datetime.datetime | Unset):
        placed_before (datetime.datetime | Unset):
        status (OrdersListStatus | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedOrderList]
    """

    kwargs = _get_kwargs(
        currency=currency,
        external_id=external_id,
        member=member,
        number=number,
        page=page,
        page_size=page_size,
        paid_in_full=paid_in_full,
        placed_after=placed_after,
        placed_before=placed_before,
        status=status,
        updated_after=updated_after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    currency: OrdersListCurrency | Unset = UNSET,
    external_id: str | Unset = UNSET,
    member: float | Unset = UNSET,
    number: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    paid_in_full: bool | Unset = UNSET,
    placed_after: datetime.datetime | Unset = UNSET,
    placed_before: datetime.datetime | Unset = UNSET,
    status: OrdersListStatus | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Error | PaginatedOrderList | None:
    """List orders

     Orders from the storefront and from the ERP. POST records an order the ERP already took
    and was paid for: it is stored as paid, so it earns points like a web order (pending
    through the return window). ``external_id`` is unique (409 ``external_id_taken``).

    Args:
        currency (OrdersListCurrency | Unset):
        external_id (str | Unset):
        member (float | Unset):
        number (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        paid_in_full (bool | Unset):
        placed_after (datetime.datetime | Unset):
        placed_before (datetime.datetime | Unset):
        status (OrdersListStatus | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedOrderList
    """

    return sync_detailed(
        client=client,
        currency=currency,
        external_id=external_id,
        member=member,
        number=number,
        page=page,
        page_size=page_size,
        paid_in_full=paid_in_full,
        placed_after=placed_after,
        placed_before=placed_before,
        status=status,
        updated_after=updated_after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    currency: OrdersListCurrency | Unset = UNSET,
    external_id: str | Unset = UNSET,
    member: float | Unset = UNSET,
    number: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    paid_in_full: bool | Unset = UNSET,
    placed_after: datetime.datetime | Unset = UNSET,
    placed_before: datetime.datetime | Unset = UNSET,
    status: OrdersListStatus | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[Error | PaginatedOrderList]:
    """List orders

     Orders from the storefront and from the ERP. POST records an order the ERP already took
    and was paid for: it is stored as paid, so it earns points like a web order (pending
    through the return window). ``external_id`` is unique (409 ``external_id_taken``).

    Args:
        currency (OrdersListCurrency | Unset):
        external_id (str | Unset):
        member (float | Unset):
        number (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        paid_in_full (bool | Unset):
        placed_after (datetime.datetime | Unset):
        placed_before (datetime.datetime | Unset):
        status (OrdersListStatus | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedOrderList]
    """

    kwargs = _get_kwargs(
        currency=currency,
        external_id=external_id,
        member=member,
        number=number,
        page=page,
        page_size=page_size,
        paid_in_full=paid_in_full,
        placed_after=placed_after,
        placed_before=placed_before,
        status=status,
        updated_after=updated_after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    currency: OrdersListCurrency | Unset = UNSET,
    external_id: str | Unset = UNSET,
    member: float | Unset = UNSET,
    number: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    paid_in_full: bool | Unset = UNSET,
    placed_after: datetime.datetime | Unset = UNSET,
    placed_before: datetime.datetime | Unset = UNSET,
    status: OrdersListStatus | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Error | PaginatedOrderList | None:
    """List orders

     Orders from the storefront and from the ERP. POST records an order the ERP already took
    and was paid for: it is stored as paid, so it earns points like a web order (pending
    through the return window). ``external_id`` is unique (409 ``external_id_taken``).

    Args:
        currency (OrdersListCurrency | Unset):
        external_id (str | Unset):
        member (float | Unset):
        number (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        paid_in_full (bool | Unset):
        placed_after (datetime.datetime | Unset):
        placed_before (datetime.datetime | Unset):
        status (OrdersListStatus | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedOrderList
    """

    return (
        await asyncio_detailed(
            client=client,
            currency=currency,
            external_id=external_id,
            member=member,
            number=number,
            page=page,
            page_size=page_size,
            paid_in_full=paid_in_full,
            placed_after=placed_after,
            placed_before=placed_before,
            status=status,
            updated_after=updated_after,
        )
    ).parsed
