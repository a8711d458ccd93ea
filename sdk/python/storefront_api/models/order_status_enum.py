from enum import StrEnum


class OrderStatusEnum(StrEnum):
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
