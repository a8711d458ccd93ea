from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.company_member import CompanyMember
from ...models.company_member_add_request import CompanyMemberAddRequest
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    company: str,
    *,
    body: CompanyMemberAddRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/companies/{company}/members/".format(
            company=quote(str(company), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CompanyMember | Error | None:
    if response.status_code == 201:
        response_201 = CompanyMember.from_dict(response.json())

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
) -> Response[CompanyMember | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    company: str,
    *,
    client: AuthenticatedClient,
    body: CompanyMemberAddRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[CompanyMember | Error]:
    """Add a member to a company

     The company's members with their roles (`admin`, `buyer`, `viewer`), admins first. A
    member belongs to one company at most.

    Args:
        company (str):
        idempotency_key (str | Unset):
        body (CompanyMemberAddRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CompanyMember | Error]
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
    company: str,
    *,
    client: AuthenticatedClient,
    body: CompanyMemberAddRequest,
    idempotency_key: str | Unset = UNSET,
) -> CompanyMember | Error | None:
    """Add a member to a company

     The company's members with their roles (`admin`, `buyer`, `viewer`), admins first. A
    member belongs to one company at most.

    Args:
        company (str):
        idempotency_key (str | Unset):
        body (CompanyMemberAddRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CompanyMember | Error
    """

    return sync_detailed(
        company=company,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    company: str,
    *,
    client: AuthenticatedClient,
    body: CompanyMemberAddRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[CompanyMember | Error]:
    """Add a member to a company

     The company's members with their roles (`admin`, `buyer`, `viewer`), admins first. A
    member belongs to one company at most.

    Args:
        company (str):
        idempotency_key (str | Unset):
        body (CompanyMemberAddRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CompanyMember | Error]
    """

    kwargs = _get_kwargs(
        company=company,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company: str,
    *,
    client: AuthenticatedClient,
    body: CompanyMemberAddRequest,
    idempotency_key: str | Unset = UNSET,
) -> CompanyMember | Error | None:
    """Add a member to a company

     The company's members with their roles (`admin`, `buyer`, `viewer`), admins first. A
    member belongs to one company at most.

    Args:
        company (str):
        idempotency_key (str | Unset):
        body (CompanyMemberAddRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CompanyMember | Error
    """

    return (
        await asyncio_detailed(
            company=company,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
