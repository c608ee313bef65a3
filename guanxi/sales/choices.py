from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Outcome(models.TextChoices):
    OPEN = "open", pgettext_lazy("deal outcome", "Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class ConflictReason(models.TextChoices):
    SAME_NAME = "same_name", _("Same company name")
    SAME_PHONE = "same_phone", _("Same phone")
    SAME_EMAIL = "same_email", _("Same email")
    OTHERS_CUSTOMER = "others_customer", _("Sales on another owner's customer")


class ActivityKind(models.TextChoices):
    TASK = "task", _("Task")
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    VISIT = "visit", _("Visit")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Recurrence(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    SUPERSEDED = "superseded", _("Superseded")


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("Unpaid")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class TargetMetric(models.TextChoices):
    WON_AMOUNT = "won_amount", _("Won deals (amount)")
    WON_COUNT = "won_count", _("Won deals (number)")
    RECEIVED = "received", _("Payments received")
    NEW_CUSTOMERS = "new_customers", _("New customers")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class TargetScope(models.TextChoices):
    USER = "user", _("A person")
    DEPARTMENT = "department", _("A department")
    COMPANY = "company", _("The company")


class WorkLogStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class TravelStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REVIEW = "review", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ExpenseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class AssignMethod(models.TextChoices):
    USER = "user", _("To one person")
    ROUND_ROBIN = "round_robin", _("In turn among a team's representatives")
