from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.review import Review
from ...models.review_create_request import ReviewCreateRequest
from ...models.review_with_photos_create_request import ReviewWithPhotosCreateRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    member: str,
    *,
    body: ReviewCreateRequest | ReviewWithPhotosCreateRequest | Unset = UNSET,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/members/{member}/reviews/".format(
            member=quote(str(member), safe=""),
        ),
    }

    if isinstance(body, ReviewCreateRequest):
        if not isinstance(body, Unset):
            _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, ReviewWithPhotosCreateRequest):
        if not isinstance(body, Unset):
            _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Review | None:
    if response.status_code == 201:
        response_201 = Review.from_dict(response.json())

        return response_201

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
) -> Response[Error | Review]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    member: str,
    *,
    client: AuthenticatedClient,
    body: ReviewCreateRequest | ReviewWithPhotosCreateRequest | Unset = UNSET,
    idempotency_key: str,
) -> Response[Error | Review]:
    """Submit a member's product review

     A review of a product the member bought and paid for (409 ``not_purchased``
    otherwise, ``already_reviewed`` for a second one), waiting for staff to moderate it in the
    admin; approved, it earns the ``review`` earning rule's points once per member and product.
    With photos, send it as ``multipart/form-data`` (the same fields, and ``photos`` repeated up
    to 5 times); the photos are checked as on the shop's review page (400 ``invalid_photo``).

    Args:
        member (str):
        idempotency_key (str):
        body (ReviewCreateRequest | Unset):
        body (ReviewWithPhotosCreateRequest | Unset): The same review as a multipart form, with
            photos (form values are text, so the numbers
            are read from text here).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Review]
    """

    kwargs = _get_kwargs(
        member=member,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    member: str,
    *,
    client: AuthenticatedClient,
    body: ReviewCreateRequest | ReviewWithPhotosCreateRequest | Unset = UNSET,
    idempotency_key: str,
) -> Error | Review | None:
    """Submit a member's product review

     A review of a product the member bought and paid for (409 ``not_purchased``
    otherwise, ``already_reviewed`` for a second one), waiting for staff to moderate it in the
    admin; approved, it earns the ``review`` earning rule's points once per member and product.
    With photos, send it as ``multipart/form-data`` (the same fields, and ``photos`` repeated up
    to 5 times); the photos are checked as on the shop's review page (400 ``invalid_photo``).

    Args:
        member (str):
        idempotency_key (str):
        body (ReviewCreateRequest | Unset):
        body (ReviewWithPhotosCreateRequest | Unset): The same review as a multipart form, with
            photos (form values are text, so the numbers
            are read from text here).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Review
    """

    return sync_detailed(
        member=member,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    member: str,
    *,
    client: AuthenticatedClient,
    body: ReviewCreateRequest | ReviewWithPhotosCreateRequest | Unset = UNSET,
    idempotency_key: str,
) -> Response[Error | Review]:
    """Submit a member's product review

     A review of a product the member bought and paid for (409 ``not_purchased``
    otherwise, ``already_reviewed`` for a second one), waiting for staff to moderate it in the
    admin; approved, it earns the ``review`` earning rule's points once per member and product.
    With photos, send it as ``multipart/form-data`` (the same fields, and ``photos`` repeated up
    to 5 times); the photos are checked as on the shop's review page (400 ``invalid_photo``).

    Args:
        member (str):
        idempotency_key (str):
        body (ReviewCreateRequest | Unset):
        body (ReviewWithPhotosCreateRequest | Unset): The same review as a multipart form, with
            photos (form values are text, so the numbers
            are read from text here).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Review]
    """

    kwargs = _get_kwargs(
        member=member,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    member: str,
    *,
    client: AuthenticatedClient,
    body: ReviewCreateRequest | ReviewWithPhotosCreateRequest | Unset = UNSET,
    idempotency_key: str,
) -> Error | Review | None:
    """Submit a member's product review

     A review of a product the member bought and paid for (409 ``not_purchased``
    otherwise, ``already_reviewed`` for a second one), waiting for staff to moderate it in the
    admin; approved, it earns the ``review`` earning rule's points once per member and product.
    With photos, send it as ``multipart/form-data`` (the same fields, and ``photos`` repeated up
    to 5 times); the photos are checked as on the shop's review page (400 ``invalid_photo``).

    Args:
        member (str):
        idempotency_key (str):
        body (ReviewCreateRequest | Unset):
        body (ReviewWithPhotosCreateRequest | Unset): The same review as a multipart form, with
            photos (form values are text, so the numbers
            are read from text here).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Review
    """

    return (
        await asyncio_detailed(
            member=member,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
