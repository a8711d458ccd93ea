"""What orders do when their own events happen: tell the buyer.

The email is sent by a task (the SMTP server may be slow or away, and the task retries); queuing
it is what the delivery hands over. ``send_order_email`` sends each kind once per order.
"""

from apps.core.events import subscriber

from .emails import PAID, PLACED, SHIPPED
from .events import OrderPaid, OrderPlaced, OrderShipped
from .tasks import send_order_email_task


@subscriber(OrderPlaced)
def email_order_placed(event: OrderPlaced) -> None:
    send_order_email_task.delay(event.order_id, PLACED)


@subscriber(OrderPaid)
def email_order_paid(event: OrderPaid) -> None:
    send_order_email_task.delay(event.order_id, PAID)


@subscriber(OrderShipped)
def email_order_shipped(event: OrderShipped) -> None:
    send_order_email_task.delay(event.order_id, SHIPPED)
