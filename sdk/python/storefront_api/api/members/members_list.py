import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.members_list_customer_type import MembersListCustomerType
from ...models.members_list_preferred_language import MembersListPreferredLanguage
from ...models.members_list_rfm_segment import MembersListRfmSegment
from ...models.members_list_segment import MembersListSegment
from ...models.paginated_member_list import PaginatedMemberList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    customer_type: MembersListCustomerType | Unset = UNSET,
    email: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    preferred_language: MembersListPreferredLanguage | Unset = UNSET,
    rfm_segment: MembersListRfmSegment | Unset = UNSET,
    segment: MembersListSegment | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
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

    json_customer_type: str | Unset = UNSET
    if not isinstance(customer_type, Unset):
        json_customer_type = customer_type.value

    params["customer_type"] = json_customer_type

    params["email"] = email

    params["external_id"] = external_id

    params["page"] = page

    params["page_size"] = page_size

    json_preferred_language: str | Unset = UNSET
    if not isinstance(preferred_language, Unset):
        json_preferred_language = preferred_language.value

    params["preferred_language"] = json_preferred_language

    json_rfm_segment: str | Unset = UNSET
    if not isinstance(rfm_segment, Unset):
        json_rfm_segment = rfm_segment.value

    params["rfm_segment"] = json_rfm_segment

    json_segment: str | Unset = UNSET
    if not isinstance(segment, Unset):
        json_segment = segment.value

    params["segment"] = json_segment

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/members/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PaginatedMemberList | None:
    if response.status_code == 200:
        response_200 = PaginatedMemberList.from_dict(response.json())

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
) -> Response[Error | PaginatedMemberList]:
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
    customer_type: MembersListCustomerType | Unset = UNSET,
    email: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    preferred_language: MembersListPreferredLanguage | Unset = UNSET,
    rfm_segment: MembersListRfmSegment | Unset = UNSET,
    segment: MembersListSegment | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[Error | PaginatedMemberList]:
    """List members

     Members, oldest first. Creating one needs only ``email``; the buyer gets an account
    without a password (they set one with "forgot password") and the sign-up bonus.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        customer_type (MembersListCustomerType | Unset):
        email (str | Unset):
        external_id (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        preferred_language (MembersListPreferredLanguage | Unset):
        rfm_segment (MembersListRfmSegment | Unset):
        segment (MembersListSegment | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedMemberList]
    """

    kwargs = _get_kwargs(
        created_after=created_after,
        created_before=created_before,
        customer_type=customer_type,
        email=email,
        external_id=external_id,
        page=page,
        page_size=page_size,
        preferred_language=preferred_language,
        rfm_segment=rfm_segment,
        segment=segment,
        updated_after=updated_after,
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
    customer_type: MembersListCustomerType | Unset = UNSET,
    email: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    preferred_language: MembersListPreferredLanguage | Unset = UNSET,
    rfm_segment: MembersListRfmSegment | Unset = UNSET,
    segment: MembersListSegment | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Error | PaginatedMemberList | None:
    """List members

     Members, oldest first. Creating one needs only ``email``; the buyer gets an account
    without a password (they set one with "forgot password") and the sign-up bonus.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        customer_type (MembersListCustomerType | Unset):
        email (str | Unset):
        external_id (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        preferred_language (MembersListPreferredLanguage | Unset):
        rfm_segment (MembersListRfmSegment | Unset):
        segment (MembersListSegment | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedMemberList
    """

    return sync_detailed(
        client=client,
        created_after=created_after,
        created_before=created_before,
        customer_type=customer_type,
        email=email,
        external_id=external_id,
        page=page,
        page_size=page_size,
        preferred_language=preferred_language,
        rfm_segment=rfm_segment,
        segment=segment,
        updated_after=updated_after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    customer_type: MembersListCustomerType | Unset = UNSET,
    email: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    preferred_language: MembersListPreferredLanguage | Unset = UNSET,
    rfm_segment: MembersListRfmSegment | Unset = UNSET,
    segment: MembersListSegment | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[Error | PaginatedMemberList]:
    """List members

     Members, oldest first. Creating one needs only ``email``; the buyer gets an account
    without a password (they set one with "forgot password") and the sign-up bonus.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        customer_type (MembersListCustomerType | Unset):
        email (str | Unset):
        external_id (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        preferred_language (MembersListPreferredLanguage | Unset):
        rfm_segment (MembersListRfmSegment | Unset):
        segment (MembersListSegment | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedMemberList]
    """

    kwargs = _get_kwargs(
        created_after=created_after,
        created_before=created_before,
        customer_type=customer_type,
        email=email,
        external_id=external_id,
        page=page,
        page_size=page_size,
        preferred_language=preferred_language,
        rfm_segment=rfm_segment,
        segment=segment,
        updated_after=updated_after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    customer_type: MembersListCustomerType | Unset = UNSET,
    email: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    preferred_language: MembersListPreferredLanguage | Unset = UNSET,
    rfm_segment: MembersListRfmSegment | Unset = UNSET,
    segment: MembersListSegment | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Error | PaginatedMemberList | None:
    """List members

     Members, oldest first. Creating one needs only ``email``; the buyer gets an account
    without a password (they set one with "forgot password") and the sign-up bonus.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        customer_type (MembersListCustomerType | Unset):
        email (str | Unset):
        external_id (str | Unset):
        page (int | Unset):
        page_size (int | Unset):
        preferred_language (MembersListPreferredLanguage | Unset):
        rfm_segment (MembersListRfmSegment | Unset):
        segment (MembersListSegment | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedMemberList
    """

    return (
        await asyncio_detailed(
            client=client,
            created_after=created_after,
            created_before=created_before,
            customer_type=customer_type,
            email=email,
            external_id=external_id,
            page=page,
            page_size=page_size,
            preferred_language=preferred_language,
            rfm_segment=rfm_segment,
            segment=segment,
            updated_after=updated_after,
        )
    ).parsed
