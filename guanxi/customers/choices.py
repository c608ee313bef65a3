"""Fixed choices of the customer hub. Options users may change (level, industry, source) are picklists."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    INDIVIDUAL = "individual", _("Individual")


class AccountType(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    PROSPECT = "prospect", _("Prospect")
    PARTNER = "partner", _("Partner")
    DISTRIBUTOR = "distributor", _("Distributor")
    SUPPLIER = "supplier", _("Supplier")
    COMPETITOR = "competitor", _("Competitor")


class Lifecycle(models.TextChoices):
    LEAD = "lead", _("Lead")
    PROSPECT = "prospect", _("Prospect")
    CUSTOMER = "customer", _("Customer")
    SERVICE = "service_customer", _("Service customer")
    LOST = "lost", _("Lost")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    FAX = "fax", _("Fax")
    WEB = "web", _("Web")
    CHAT = "chat", _("Chat")
    VISIT = "visit", _("Visit")
    LETTER = "letter", _("Letter")
    OTHER = "other", _("Other")


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")
    INTERNAL = "internal", _("Internal")


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    WORKING = "working", _("Working")
    QUALIFIED = "qualified", _("Qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")
    CONVERTED = "converted", _("Converted")


class PointKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    MOBILE = "mobile", _("Mobile")
    EMAIL = "email", _("Email")
    FAX = "fax", _("Fax")
    ADDRESS = "address", _("Postal address")
    WECHAT = "wechat", _("WeChat")
    QQ = "qq", _("QQ")
    WHATSAPP = "whatsapp", _("WhatsApp")
    OTHER = "other", _("Other messaging id")


class Consent(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    GRANTED = "granted", _("Granted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AddressOrder(models.TextChoices):
    CHINESE = "cn", _("Chinese order")
    WESTERN = "western", _("Western order")


class RegionKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    SALES = "sales", _("Sales region")
