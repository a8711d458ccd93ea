from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.adjust_request import AdjustRequest
from ...models.error import Error
from ...models.points_result import PointsResult
from ...types import Response


def _get_kwargs(
    company: int,
    *,
    body: AdjustRequest,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/companies/{company}/points/adjust/".format(
            company=quote(str(company), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PointsResult | None:
    if response.status_code == 201:
        response_201 = PointsResult.from_dict(response.json())

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
) -> Response[Error | PointsResult]:
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
    body: AdjustRequest,
    idempotency_key: str,
) -> Response[Error | PointsResult]:
    """Adjust a company's points

     A correction of the company's account, as a member's adjustment: the same approval
    threshold per staff member and account (409 ``approval_required`` above it) and points
    limits; a key of a member of the company gets 403 ``own_account``.

    Args:
        company (int):
        idempotency_key (str):
        body (AdjustRequest): For a request serializer: its fields built once per language (and
            thread), not on
            every instantiation.

            DRF deep-copies a serializer's declared fields whenever it is instantiated, running each
            field's ``__init__`` again: most of what validating a points write's body costs. Built
            fields are reusable for plain fields: validation reads the field and the data, not the
            serializer the field is bound to (a blank one, without data or context, so no request is
            kept). They are kept per language because a field caches the text of its validators'
            messages once formatted (DRF's ``lazy_format``), and per thread so that two requests never
            validate with the same field objects at once. Only for flat serializers whose fields,
            validators and defaults need no context.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PointsResult]
    """

    kwargs = _get_kwargs(
        company=company,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company: int,
    *,
    client: AuthenticatedClient,
    body: AdjustRequest,
    idempotency_key: str,
) -> Error | PointsResult | None:
    """Adjust a company's points

     A correction of the company's account, as a member's adjustment: the same approval
    threshold per staff member and account (409 ``approval_required`` above it) and points
    limits; a key of a member of the company gets 403 ``own_account``.

    Args:
        company (int):
        idempotency_key (str):
        body (AdjustRequest): For a request serializer: its fields built once per language (and
            thread), not on
            every instantiation.

            DRF deep-copies a serializer's declared fields whenever it is instantiated, running each
            field's ``__init__`` again: most of what validating a points write's body costs. Built
            fields are reusable for plain fields: validation reads the field and the data, not the
            serializer the field is bound to (a blank one, without data or context, so no request is
            kept). They are kept per language because a field caches the text of its validators'
            messages once formatted (DRF's ``lazy_format``), and per thread so that two requests never
            validate with the same field objects at once. Only for flat serializers whose fields,
            validators and defaults need no context.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PointsResult
    """

    return sync_detailed(
        company=company,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    company: int,
    *,
    client: AuthenticatedClient,
    body: AdjustRequest,
    idempotency_key: str,
) -> Response[Error | PointsResult]:
    """Adjust a company's points

     A correction of the company's account, as a member's adjustment: the same approval
    threshold per staff member and account (409 ``approval_required`` above it) and points
    limits; a key of a member of the company gets 403 ``own_account``.

    Args:
        company (int):
        idempotency_key (str):
        body (AdjustRequest): For a request serializer: its fields built once per language (and
            thread), not on
            every instantiation.

            DRF deep-copies a serializer's declared fields whenever it is instantiated, running each
            field's ``__init__`` again: most of what validating a points write's body costs. Built
            fields are reusable for plain fields: validation reads the field and the data, not the
            serializer the field is bound to (a blank one, without data or context, so no request is
            kept). They are kept per language because a field caches the text of its validators'
            messages once formatted (DRF's ``lazy_format``), and per thread so that two requests never
            validate with the same field objects at once. Only for flat serializers whose fields,
            validators and defaults need no context.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PointsResult]
    """

    kwargs = _get_kwargs(
        company=company,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company: int,
    *,
    client: AuthenticatedClient,
    body: AdjustRequest,
    idempotency_key: str,
) -> Error | PointsResult | None:
    """Adjust a company's points

     A correction of the company's account, as a member's adjustment: the same approval
    threshold per staff member and account (409 ``approval_required`` above it) and points
    limits; a key of a member of the company gets 403 ``own_account``.

    Args:
        company (int):
        idempotency_key (str):
        body (AdjustRequest): For a request serializer: its fields built once per language (and
            thread), not on
            every instantiation.

            DRF deep-copies a serializer's declared fields whenever it is instantiated, running each
            field's ``__init__`` again: most of what validating a points write's body costs. Built
            fields are reusable for plain fields: validation reads the field and the data, not the
            serializer the field is bound to (a blank one, without data or context, so no request is
            kept). They are kept per language because a field caches the text of its validators'
            messages once formatted (DRF's ``lazy_format``), and per thread so that two requests never
            validate with the same field objects at once. Only for flat serializers whose fields,
            validators and defaults need no context.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PointsResult
    """

    return (
        await asyncio_detailed(
            company=company,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
