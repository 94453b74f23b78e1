"""The request an audited write comes from, so services need not pass the IP around."""

from contextvars import ContextVar

current_ip: ContextVar[str] = ContextVar("current_ip", default="")
