from enum import StrEnum


class OrdersListStatus(StrEnum):
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    PENDING_PAYMENT = "pending_payment"
    PROCESSING = "processing"
    REFUNDED = "refunded"
    SHIPPED = "shipped"

    def __str__(self) -> str:
        return str(self.value)
