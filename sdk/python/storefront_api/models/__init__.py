"""Contains all the data models used in inputs/outputs"""

from .account import Account
from .account_balance import AccountBalance
from .account_type_enum import AccountTypeEnum
from .accounting_day import AccountingDay
from .accounting_report import AccountingReport
from .adjust_request import AdjustRequest
from .answer_line_request import AnswerLineRequest
from .balance import Balance
from .blank_enum import BlankEnum
from .companies_ledger_list_kind import CompaniesLedgerListKind
from .companies_list_country import CompaniesListCountry
from .companies_list_customer_type import CompaniesListCustomerType
from .companies_list_payment_terms import CompaniesListPaymentTerms
from .companies_list_segment import CompaniesListSegment
from .company import Company
from .company_create_request import CompanyCreateRequest
from .company_member import CompanyMember
from .company_member_add_request import CompanyMemberAddRequest
from .country_enum import CountryEnum
from .credit_line_enum import CreditLineEnum
from .currency_enum import CurrencyEnum
from .customer_type_enum import CustomerTypeEnum
from .earn_request import EarnRequest
from .error import Error
from .error_fields import ErrorFields
from .events_enum import EventsEnum
from .expiring_points import ExpiringPoints
from .incoterm_enum import IncotermEnum
from .ledger_entry import LedgerEntry
from .ledger_entry_kind_enum import LedgerEntryKindEnum
from .member import Member
from .member_create_request import MemberCreateRequest
from .member_event import MemberEvent
from .member_event_create_request import MemberEventCreateRequest
from .member_event_create_request_properties import MemberEventCreateRequestProperties
from .members_ledger_list_kind import MembersLedgerListKind
from .members_list_customer_type import MembersListCustomerType
from .members_list_preferred_language import MembersListPreferredLanguage
from .members_list_rfm_segment import MembersListRfmSegment
from .members_list_segment import MembersListSegment
from .money import Money
from .offline_order_line_request import OfflineOrderLineRequest
from .offline_order_request import OfflineOrderRequest
from .order import Order
from .order_line import OrderLine
from .order_status_enum import OrderStatusEnum
from .orders_list_currency import OrdersListCurrency
from .orders_list_status import OrdersListStatus
from .paginated_company_list import PaginatedCompanyList
from .paginated_company_member_list import PaginatedCompanyMemberList
from .paginated_ledger_entry_list import PaginatedLedgerEntryList
from .paginated_member_event_list import PaginatedMemberEventList
from .paginated_member_list import PaginatedMemberList
from .paginated_order_list import PaginatedOrderList
from .paginated_price_list_list import PaginatedPriceListList
from .paginated_quote_list import PaginatedQuoteList
from .paginated_redemption_list import PaginatedRedemptionList
from .paginated_review_list import PaginatedReviewList
from .paginated_reward_list import PaginatedRewardList
from .paginated_tier_list import PaginatedTierList
from .paginated_webhook_endpoint_list import PaginatedWebhookEndpointList
from .patched_company_update_request import PatchedCompanyUpdateRequest
from .patched_member_update_request import PatchedMemberUpdateRequest
from .payment_method_enum import PaymentMethodEnum
from .payment_terms_enum import PaymentTermsEnum
from .ping import Ping
from .points_result import PointsResult
from .preferred_language_enum import PreferredLanguageEnum
from .price_list import PriceList
from .price_list_assignment import PriceListAssignment
from .price_list_detail import PriceListDetail
from .price_list_kind_enum import PriceListKindEnum
from .price_list_price import PriceListPrice
from .price_lists_list_kind import PriceListsListKind
from .programme_day import ProgrammeDay
from .programme_report import ProgrammeReport
from .progress import Progress
from .qualification_enum import QualificationEnum
from .quote import Quote
from .quote_answer_request import QuoteAnswerRequest
from .quote_line import QuoteLine
from .quote_revision import QuoteRevision
from .quote_revision_line import QuoteRevisionLine
from .quote_status_enum import QuoteStatusEnum
from .quotes_list_currency import QuotesListCurrency
from .quotes_list_status import QuotesListStatus
from .redeem_request import RedeemRequest
from .redemption import Redemption
from .redemption_status_enum import RedemptionStatusEnum
from .redemptions_list_status import RedemptionsListStatus
from .refund import Refund
from .refund_create_request import RefundCreateRequest
from .refund_line import RefundLine
from .refund_line_input_request import RefundLineInputRequest
from .refund_status_enum import RefundStatusEnum
from .review import Review
from .review_create_request import ReviewCreateRequest
from .review_status_enum import ReviewStatusEnum
from .review_with_photos_create_request import ReviewWithPhotosCreateRequest
from .reviews_list_language import ReviewsListLanguage
from .reviews_list_status import ReviewsListStatus
from .reward import Reward
from .reward_kind_enum import RewardKindEnum
from .rewards_list_kind import RewardsListKind
from .rfm_segment_enum import RfmSegmentEnum
from .role_enum import RoleEnum
from .sales import Sales
from .segment_enum import SegmentEnum
from .shipping_benefit import ShippingBenefit
from .shipping_benefit_kind_enum import ShippingBenefitKindEnum
from .source_enum import SourceEnum
from .spend_request import SpendRequest
from .tier import Tier
from .tier_benefits import TierBenefits
from .tier_summary import TierSummary
from .value import Value
from .void_request import VoidRequest
from .webhook_endpoint import WebhookEndpoint
from .webhook_endpoint_created import WebhookEndpointCreated
from .webhook_endpoint_request import WebhookEndpointRequest

__all__ = (
    "Account",
    "AccountBalance",
    "AccountingDay",
    "AccountingReport",
    "AccountTypeEnum",
    "AdjustRequest",
    "AnswerLineRequest",
    "Balance",
    "BlankEnum",
    "CompaniesLedgerListKind",
    "CompaniesListCountry",
    "CompaniesListCustomerType",
    "CompaniesListPaymentTerms",
    "CompaniesListSegment",
    "Company",
    "CompanyCreateRequest",
    "CompanyMember",
    "CompanyMemberAddRequest",
    "CountryEnum",
    "CreditLineEnum",
    "CurrencyEnum",
    "CustomerTypeEnum",
    "EarnRequest",
    "Error",
    "ErrorFields",
    "EventsEnum",
    "ExpiringPoints",
    "IncotermEnum",
    "LedgerEntry",
    "LedgerEntryKindEnum",
    "Member",
    "MemberCreateRequest",
    "MemberEvent",
    "MemberEventCreateRequest",
    "MemberEventCreateRequestProperties",
    "MembersLedgerListKind",
    "MembersListCustomerType",
    "MembersListPreferredLanguage",
    "MembersListRfmSegment",
    "MembersListSegment",
    "Money",
    "OfflineOrderLineRequest",
    "OfflineOrderRequest",
    "Order",
    "OrderLine",
    "OrdersListCurrency",
    "OrdersListStatus",
    "OrderStatusEnum",
    "PaginatedCompanyList",
    "PaginatedCompanyMemberList",
    "PaginatedLedgerEntryList",
    "PaginatedMemberEventList",
    "PaginatedMemberList",
    "PaginatedOrderList",
    "PaginatedPriceListList",
    "PaginatedQuoteList",
    "PaginatedRedemptionList",
    "PaginatedReviewList",
    "PaginatedRewardList",
    "PaginatedTierList",
    "PaginatedWebhookEndpointList",
    "PatchedCompanyUpdateRequest",
    "PatchedMemberUpdateRequest",
    "PaymentMethodEnum",
    "PaymentTermsEnum",
    "Ping",
    "PointsResult",
    "PreferredLanguageEnum",
    "PriceList",
    "PriceListAssignment",
    "PriceListDetail",
    "PriceListKindEnum",
    "PriceListPrice",
    "PriceListsListKind",
    "ProgrammeDay",
    "ProgrammeReport",
    "Progress",
    "QualificationEnum",
    "Quote",
    "QuoteAnswerRequest",
    "QuoteLine",
    "QuoteRevision",
    "QuoteRevisionLine",
    "QuotesListCurrency",
    "QuotesListStatus",
    "QuoteStatusEnum",
    "RedeemRequest",
    "Redemption",
    "RedemptionsListStatus",
    "RedemptionStatusEnum",
    "Refund",
    "RefundCreateRequest",
    "RefundLine",
    "RefundLineInputRequest",
    "RefundStatusEnum",
    "Review",
    "ReviewCreateRequest",
    "ReviewsListLanguage",
    "ReviewsListStatus",
    "ReviewStatusEnum",
    "ReviewWithPhotosCreateRequest",
    "Reward",
    "RewardKindEnum",
    "RewardsListKind",
    "RfmSegmentEnum",
    "RoleEnum",
    "Sales",
    "SegmentEnum",
    "ShippingBenefit",
    "ShippingBenefitKindEnum",
    "SourceEnum",
    "SpendRequest",
    "Tier",
    "TierBenefits",
    "TierSummary",
    "Value",
    "VoidRequest",
    "WebhookEndpoint",
    "WebhookEndpointCreated",
    "WebhookEndpointRequest",
)
