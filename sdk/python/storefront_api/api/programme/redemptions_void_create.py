from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.redemption import Redemption
from ...models.void_request import VoidRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: int,
    *,
    body: VoidRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/redemptions/{id}/void/".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Redemption | None:
    if response.status_code == 200:
        response_200 = Redemption.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

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
) -> Response[Error | Redemption]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    body: VoidRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | Redemption]:
    """Void a redemption

     Void a redemption whose coupon is unused or whose fulfilment has not started: the coupon
    stops working, the points come back with the expiry they had, the member is told in their
    language. 409 ``not_voidable`` for a used coupon or a shipped reward; voiding a voided
    redemption again answers it unchanged. Recorded as voided by the key's creator.

    Args:
        id (int):
        idempotency_key (str | Unset):
        body (VoidRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Redemption]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    body: VoidRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | Redemption | None:
    """Void a redemption

     Void a redemption whose coupon is unused or whose fulfilment has not started: the coupon
    stops working, the points come back with the expiry they had, the member is told in their
    language. 409 ``not_voidable`` for a used coupon or a shipped reward; voiding a voided
    redemption again answers it unchanged. Recorded as voided by the key's creator.

    Args:
        id (int):
        idempotency_key (str | Unset):
        body (VoidRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Redemption
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    body: VoidRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | Redemption]:
    """Void a redemption

     Void a redemption whose coupon is unused or whose fulfilment has not started: the coupon
    stops working, the points come back with the expiry they had, the member is told in their
    language. 409 ``not_voidable`` for a used coupon or a shipped reward; voiding a voided
    redemption again answers it unchanged. Recorded as voided by the key's creator.

    Args:
        id (int):
        idempotency_key (str | Unset):
        body (VoidRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Redemption]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    body: VoidRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | Redemption | None:
    """Void a redemption

     Void a redemption whose coupon is unused or whose fulfilment has not started: the coupon
    stops working, the points come back with the expiry they had, the member is told in their
    language. 409 ``not_voidable`` for a used coupon or a shipped reward; voiding a voided
    redemption again answers it unchanged. Recorded as voided by the key's creator.

    Args:
        id (int):
        idempotency_key (str | Unset):
        body (VoidRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Redemption
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
