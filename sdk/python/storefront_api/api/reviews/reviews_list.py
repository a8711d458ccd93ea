import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.paginated_review_list import PaginatedReviewList
from ...models.reviews_list_language import ReviewsListLanguage
from ...models.reviews_list_status import ReviewsListStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    created_after: datetime.datetime | Unset = UNSET,
    language: ReviewsListLanguage | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    product: float | Unset = UNSET,
    sku: str | Unset = UNSET,
    status: ReviewsListStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    json_language: str | Unset = UNSET
    if not isinstance(language, Unset):
        json_language = language.value

    params["language"] = json_language

    params["member"] = member

    params["page"] = page

    params["page_size"] = page_size

    params["product"] = product

    params["sku"] = sku

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/reviews/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PaginatedReviewList | None:
    if response.status_code == 200:
        response_200 = PaginatedReviewList.from_dict(response.json())

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
) -> Response[Error | PaginatedReviewList]:
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
    language: ReviewsListLanguage | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    product: float | Unset = UNSET,
    sku: str | Unset = UNSET,
    status: ReviewsListStatus | Unset = UNSET,
) -> Response[Error | PaginatedReviewList]:
    """List product reviews

     Reviews of every product, newest first; filter by ``product``, ``sku``, ``member``,
    ``language``, ``status`` (``approved`` for what product pages show).

    Args:
        created_after (datetime.datetime | Unset):
        language (ReviewsListLanguage | Unset):
        member (float | Unset):
        page (int | Unset):
        page_size (int | Unset):
        product (float | Unset):
        sku (str | Unset):
        status (ReviewsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedReviewList]
    """

    kwargs = _get_kwargs(
        created_after=created_after,
        language=language,
        member=member,
        page=page,
        page_size=page_size,
        product=product,
        sku=sku,
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
    language: ReviewsListLanguage | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    product: float | Unset = UNSET,
    sku: str | Unset = UNSET,
    status: ReviewsListStatus | Unset = UNSET,
) -> Error | PaginatedReviewList | None:
    """List product reviews

     Reviews of every product, newest first; filter by ``product``, ``sku``, ``member``,
    ``language``, ``status`` (``approved`` for what product pages show).

    Args:
        created_after (datetime.datetime | Unset):
        language (ReviewsListLanguage | Unset):
        member (float | Unset):
        page (int | Unset):
        page_size (int | Unset):
        product (float | Unset):
        sku (str | Unset):
        status (ReviewsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedReviewList
    """

    return sync_detailed(
        client=client,
        created_after=created_after,
        language=language,
        member=member,
        page=page,
        page_size=page_size,
        product=product,
        sku=sku,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    language: ReviewsListLanguage | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    product: float | Unset = UNSET,
    sku: str | Unset = UNSET,
    status: ReviewsListStatus | Unset = UNSET,
) -> Response[Error | PaginatedReviewList]:
    """List product reviews

     Reviews of every product, newest first; filter by ``product``, ``sku``, ``member``,
    ``language``, ``status`` (``approved`` for what product pages show).

    Args:
        created_after (datetime.datetime | Unset):
        language (ReviewsListLanguage | Unset):
        member (float | Unset):
        page (int | Unset):
        page_size (int | Unset):
        product (float | Unset):
        sku (str | Unset):
        status (ReviewsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PaginatedReviewList]
    """

    kwargs = _get_kwargs(
        created_after=created_after,
        language=language,
        member=member,
        page=page,
        page_size=page_size,
        product=product,
        sku=sku,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    language: ReviewsListLanguage | Unset = UNSET,
    member: float | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    product: float | Unset = UNSET,
    sku: str | Unset = UNSET,
    status: ReviewsListStatus | Unset = UNSET,
) -> Error | PaginatedReviewList | None:
    """List product reviews

     Reviews of every product, newest first; filter by ``product``, ``sku``, ``member``,
    ``language``, ``status`` (``approved`` for what product pages show).

    Args:
        created_after (datetime.datetime | Unset):
        language (ReviewsListLanguage | Unset):
        member (float | Unset):
        page (int | Unset):
        page_size (int | Unset):
        product (float | Unset):
        sku (str | Unset):
        status (ReviewsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PaginatedReviewList
    """

    return (
        await asyncio_detailed(
            client=client,
            created_after=created_after,
            language=language,
            member=member,
            page=page,
            page_size=page_size,
            product=product,
            sku=sku,
            status=status,
        )
    ).parsed
