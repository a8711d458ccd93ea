from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.paginated_member_event_list import PaginatedMemberEventList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    member: str,
    *,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/members/{member}/events/".format(
            member=quote(str(member), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PaginatedMemberEventList | None:
    if response.status_code == 200:
        response_200 = PaginatedMemberEventList.from_dict(response.json())

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
) -> Response[Error | PaginatedMemberEventList]:
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
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[Error | PaginatedMemberEventList]:
    """A member's custom events

     Something the member did outside the shop (a trade-fair visit, a survey, a webinar).
    It is kept on the member and earning rules of kind ``event`` whose name and conditions
    match credit their points (``points`` in the answer), within the rules' caps, regions,
    customer types and tiers. Repeating the Idempotency-Key replays the first answer.

    Args:
        member (str):
        page (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedMemberEventList]
    """

    kwargs = _get_kwargs(
        member=member,
        page=page,
        page_size=page_size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    member: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Error | PaginatedMemberEventList | None:
    """A member's custom events

     Something the member did outside the shop (a trade-fair visit, a survey, a webinar).
    It is kept on the member and earning rules of kind ``event`` whose name and conditions
    match credit their points (``points`` in the answer), within the rules' caps, regions,
    customer types and tiers. Repeating the Idempotency-Key replays the first answer.

    Args:
        member (str):
        page (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedMemberEventList
    """

    return sync_detailed(
        member=member,
        client=client,
        page=page,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    member: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[Error | PaginatedMemberEventList]:
    """A member's custom events

     Something the member did outside the shop (a trade-fair visit, a survey, a webinar).
    It is kept on the member and earning rules of kind ``event`` whose name and conditions
    match credit their points (``points`` in the answer), within the rules' caps, regions,
    customer types and tiers. Repeating the Idempotency-Key replays the first answer.

    Args:
        member (str):
        page (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedMemberEventList]
    """

    kwargs = _get_kwargs(
        member=member,
        page=page,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    member: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Error | PaginatedMemberEventList | None:
    """A member's custom events

     Something the member did outside the shop (a trade-fair visit, a survey, a webinar).
    It is kept on the member and earning rules of kind ``event`` whose name and conditions
    match credit their points (``points`` in the answer), within the rules' caps, regions,
    customer types and tiers. Repeating the Idempotency-Key replays the first answer.

    Args:
        member (str):
        page (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedMemberEventList
    """

    return (
        await asyncio_detailed(
            member=member,
            client=client,
            page=page,
            page_size=page_size,
        )
    ).parsed
