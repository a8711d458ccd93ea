from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.company import Company
from ...models.error import Error
from ...models.patched_company_update_request import PatchedCompanyUpdateRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    company: str,
    *,
    body: PatchedCompanyUpdateRequest | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/companies/{company}/".format(
            company=quote(str(company), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Company | Error | None:
    if response.status_code == 200:
        response_200 = Company.from_dict(response.json())

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
) -> Response[Company | Error]:
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
    body: PatchedCompanyUpdateRequest | Unset = UNSET,
) -> Response[Company | Error]:
    """Update a company

    Args:
        company (str):
        body (PatchedCompanyUpdateRequest | Unset): The fields an integration may change (all
            optional).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Company | Error]
    """

    kwargs = _get_kwargs(
        company=company,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    company: str,
    *,
    client: AuthenticatedClient,
    body: PatchedCompanyUpdateRequest | Unset = UNSET,
) -> Company | Error | None:
    """Update a company

    Args:
        company (str):
        body (PatchedCompanyUpdateRequest | Unset): The fields an integration may change (all
            optional).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Company | Error
    """

    return sync_detailed(
        company=company,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    company: str,
    *,
    client: AuthenticatedClient,
    body: PatchedCompanyUpdateRequest | Unset = UNSET,
) -> Response[Company | Error]:
    """Update a company

    Args:
        company (str):
        body (PatchedCompanyUpdateRequest | Unset): The fields an integration may change (all
            optional).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Company | Error]
    """

    kwargs = _get_kwargs(
        company=company,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    company: str,
    *,
    client: AuthenticatedClient,
    body: PatchedCompanyUpdateRequest | Unset = UNSET,
) -> Company | Error | None:
    """Update a company

    Args:
        company (str):
        body (PatchedCompanyUpdateRequest | Unset): The fields an integration may change (all
            optional).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Company | Error
    """

    return (
        await asyncio_detailed(
            company=company,
            client=client,
            body=body,
        )
    ).parsed
