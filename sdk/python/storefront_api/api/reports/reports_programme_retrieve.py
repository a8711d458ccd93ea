import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.programme_report import ProgrammeReport
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    country: str | Unset = UNSET,
    from_: datetime.date,
    tier: int | Unset = UNSET,
    to: datetime.date,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["country"] = country

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    params["tier"] = tier

    json_to = to.isoformat()
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/reports/programme/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ProgrammeReport | None:
    if response.status_code == 200:
        response_200 = ProgrammeReport.from_dict(response.json())

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
) -> Response[Error | ProgrammeReport]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    country: str | Unset = UNSET,
    from_: datetime.date,
    tier: int | Unset = UNSET,
    to: datetime.date,
) -> Response[Error | ProgrammeReport]:
    """Programme figures per day

     One row per day from ``from`` to ``to`` (at most 732 days, today at the latest):
    members joined and active, orders and sales by members and guests, and the points
    movements with the opening and closing balance. ``country`` and ``tier`` keep the members
    who had them at each day's end (guests' orders count under their shipping country).
    Closed days come from the daily rollups; today's figures are live. 400 ``invalid_range``
    for a range that is reversed, longer or reaching past today.

    Args:
        country (str | Unset):
        from_ (datetime.date):
        tier (int | Unset):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ProgrammeReport]
    """

    kwargs = _get_kwargs(
        country=country,
        from_=from_,
        tier=tier,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    country: str | Unset = UNSET,
    from_: datetime.date,
    tier: int | Unset = UNSET,
    to: datetime.date,
) -> Error | ProgrammeReport | None:
    """Programme figures per day

     One row per day from ``from`` to ``to`` (at most 732 days, today at the latest):
    members joined and active, orders and sales by members and guests, and the points
    movements with the opening and closing balance. ``country`` and ``tier`` keep the members
    who had them at each day's end (guests' orders count under their shipping country).
    Closed days come from the daily rollups; today's figures are live. 400 ``invalid_range``
    for a range that is reversed, longer or reaching past today.

    Args:
        country (str | Unset):
        from_ (datetime.date):
        tier (int | Unset):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ProgrammeReport
    """

    return sync_detailed(
        client=client,
        country=country,
        from_=from_,
        tier=tier,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    country: str | Unset = UNSET,
    from_: datetime.date,
    tier: int | Unset = UNSET,
    to: datetime.date,
) -> Response[Error | ProgrammeReport]:
    """Programme figures per day

     One row per day from ``from`` to ``to`` (at most 732 days, today at the latest):
    members joined and active, orders and sales by members and guests, and the points
    movements with the opening and closing balance. ``country`` and ``tier`` keep the members
    who had them at each day's end (guests' orders count under their shipping country).
    Closed days come from the daily rollups; today's figures are live. 400 ``invalid_range``
    for a range that is reversed, longer or reaching past today.

    Args:
        country (str | Unset):
        from_ (datetime.date):
        tier (int | Unset):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ProgrammeReport]
    """

    kwargs = _get_kwargs(
        country=country,
        from_=from_,
        tier=tier,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    country: str | Unset = UNSET,
    from_: datetime.date,
    tier: int | Unset = UNSET,
    to: datetime.date,
) -> Error | ProgrammeReport | None:
    """Programme figures per day

     One row per day from ``from`` to ``to`` (at most 732 days, today at the latest):
    members joined and active, orders and sales by members and guests, and the points
    movements with the opening and closing balance. ``country`` and ``tier`` keep the members
    who had them at each day's end (guests' orders count under their shipping country).
    Closed days come from the daily rollups; today's figures are live. 400 ``invalid_range``
    for a range that is reversed, longer or reaching past today.

    Args:
        country (str | Unset):
        from_ (datetime.date):
        tier (int | Unset):
        to (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ProgrammeReport
    """

    return (
        await asyncio_detailed(
            client=client,
            country=country,
            from_=from_,
            tier=tier,
            to=to,
        )
    ).parsed
