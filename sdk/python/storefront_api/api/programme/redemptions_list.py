import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.paginated_redemption_list import PaginatedRedemptionList
from ...models.redemptions_list_status import RedemptionsListStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    reward: float | Unset = UNSET,
    status: RedemptionsListStatus | Unset = UNSET,
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

    params["member"] = member

    params["page"] = page

    params["page_size"] = page_size

    params["reward"] = reward

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/redemptions/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PaginatedRedemptionList | None:
    if response.status_code == 200:
        response_200 = PaginatedRedemptionList.from_dict(response.json())

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
) -> Response[Error | PaginatedRedemptionList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    reward: float | Unset = UNSET,
    status: RedemptionsListStatus | Unset = UNSET,
) -> Response[Error | PaginatedRedemptionList]:
    """List redemptions

     Redemptions of every member, newest first (filter by ``member``, ``reward``, ``status``).

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        member (float | Unset):
        page (int | Unset):
        page_size (int | Unset):
        reward (float | Unset):
        status (RedemptionsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedRedemptionList]
    """

    kwargs = _get_kwargs(
        created_after=created_after,
        created_before=created_before,
        member=member,
        page=page,
        page_size=page_size,
        reward=reward,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    reward: float | Unset = UNSET,
    status: RedemptionsListStatus | Unset = UNSET,
) -> Error | PaginatedRedemptionList | None:
    """List redemptions

     Redemptions of every member, newest first (filter by ``member``, ``reward``, ``status``).

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        member (float | Unset):
        page (int | Unset):
        page_size (int | Unset):
        reward (float | Unset):
        status (RedemptionsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedRedemptionList
    """

    return sync_detailed(
        client=client,
        created_after=created_after,
        created_before=created_before,
        member=member,
        page=page,
        page_size=page_size,
        reward=reward,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    reward: float | Unset = UNSET,
    status: RedemptionsListStatus | Unset = UNSET,
) -> Response[Error | PaginatedRedemptionList]:
    """List redemptions

     Redemptions of every member, newest first (filter by ``member``, ``reward``, ``status``).

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        member (float | Unset):
        page (int | Unset):
        page_size (int | Unset):
        reward (float | Unset):
        status (RedemptionsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedRedemptionList]
    """

    kwargs = _get_kwargs(
        created_after=created_after,
        created_before=created_before,
        member=member,
        page=page,
        page_size=page_size,
        reward=reward,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    reward: float | Unset = UNSET,
    status: RedemptionsListStatus | Unset = UNSET,
) -> Error | PaginatedRedemptionList | None:
    """List redemptions

     Redemptions of every member, newest first (filter by ``member``, ``reward``, ``status``).

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        member (float | Unset):
        page (int | Unset):
        page_size (int | Unset):
        reward (float | Unset):
        status (RedemptionsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedRedemptionList
    """

    return (
        await asyncio_detailed(
            client=client,
            created_after=created_after,
            created_before=created_before,
            member=member,
            page=page,
            page_size=page_size,
            reward=reward,
            status=status,
        )
    ).parsed
