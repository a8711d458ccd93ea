from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.quote import Quote
from ...models.quote_answer_request import QuoteAnswerRequest
from ...types import Response


def _get_kwargs(
    id: int,
    *,
    body: QuoteAnswerRequest,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/quotes/{id}/answer/".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Quote | None:
    if response.status_code == 201:
        response_201 = Quote.from_dict(response.json())

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
) -> Response[Error | Quote]:
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
    body: QuoteAnswerRequest,
    idempotency_key: str,
) -> Response[Error | Quote]:
    """Answer (price) a request for quotation

     Send the buyer a new revision: a unit price and lead time for every line (a described
    line also names the product by ``sku``), freight and insurance for the Incoterm, the
    validity date and terms. The buyer is e-mailed in their language. 409 ``quote_not_open``
    for an accepted or declined quote, ``quote_revised`` when ``expected_revision`` is not the
    latest, ``quote_incomplete`` when a line has no price or product. Repeating the
    Idempotency-Key replays the first answer.

    Args:
        id (int):
        idempotency_key (str):
        body (QuoteAnswerRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Quote]
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
    body: QuoteAnswerRequest,
    idempotency_key: str,
) -> Error | Quote | None:
    """Answer (price) a request for quotation

     Send the buyer a new revision: a unit price and lead time for every line (a described
    line also names the product by ``sku``), freight and insurance for the Incoterm, the
    validity date and terms. The buyer is e-mailed in their language. 409 ``quote_not_open``
    for an accepted or declined quote, ``quote_revised`` when ``expected_revision`` is not the
    latest, ``quote_incomplete`` when a line has no price or product. Repeating the
    Idempotency-Key replays the first answer.

    Args:
        id (int):
        idempotency_key (str):
        body (QuoteAnswerRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Quote
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
    body: QuoteAnswerRequest,
    idempotency_key: str,
) -> Response[Error | Quote]:
    """Answer (price) a request for quotation

     Send the buyer a new revision: a unit price and lead time for every line (a described
    line also names the product by ``sku``), freight and insurance for the Incoterm, the
    validity date and terms. The buyer is e-mailed in their language. 409 ``quote_not_open``
    for an accepted or declined quote, ``quote_revised`` when ``expected_revision`` is not the
    latest, ``quote_incomplete`` when a line has no price or product. Repeating the
    Idempotency-Key replays the first answer.

    Args:
        id (int):
        idempotency_key (str):
        body (QuoteAnswerRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Quote]
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
    body: QuoteAnswerRequest,
    idempotency_key: str,
) -> Error | Quote | None:
    """Answer (price) a request for quotation

     Send the buyer a new revision: a unit price and lead time for every line (a described
    line also names the product by ``sku``), freight and insurance for the Incoterm, the
    validity date and terms. The buyer is e-mailed in their language. 409 ``quote_not_open``
    for an accepted or declined quote, ``quote_revised`` when ``expected_revision`` is not the
    latest, ``quote_incomplete`` when a line has no price or product. Repeating the
    Idempotency-Key replays the first answer.

    Args:
        id (int):
        idempotency_key (str):
        body (QuoteAnswerRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Quote
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
