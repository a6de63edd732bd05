"""The product rules custreg implements, by id, each in one line.

Tests cite a rule by putting its id first in their name (``test_c4_...`` checks rule C4), and
``docs/rules.md`` lists every rule with the tests that cite it. A host application can read the
same summaries here, e.g. to label its own runs of the contract suite.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

#: The rule families: the id's letter -> what the rules are about.
RULE_GROUPS: Mapping[str, str] = MappingProxyType({
    "C": "Customers",
    "A": "Addresses",
    "P": "Contacts",
    "M": "Mass update",
    "K": "KPI figures",
    "S": "Sales cases and projects",
    "T": "Activities and collaboration",
    "N": "Notes",
    "U": "Files and permissions",
    "R": "Public registries",
    "X": "Reports and export",
    "D": "Duplicates",
    "V": "Customer card",
})

#: Rule id -> the rule in one line.
RULES: Mapping[str, str] = MappingProxyType({
    "C1": "A customer must have a name that is not blank; a blank one is refused and nothing "
    "is saved.",
    "C2": "VAT numbers and business ids are checked and normalised for their country; a wrong "
    "one is refused with the reason, and normalising again changes nothing.",
    "C3": "Every customer gets a number no other customer of the registry has, automatic "
    "numbers are never reused, and an editor may change a number to a free one.",
    "C4": "A new customer with a VAT number another customer already has is reported as a "
    "possible duplicate and created only when the caller accepts that.",
    "C5": "New customers are active; inactivating changes only the status and keeps all their "
    "data, and reactivating brings back the previous state.",
    "C6": "Listing customers without a status filter gives exactly the active ones plus the "
    "inactive ones.",
    "C7": "A customer may have several e-invoicing addresses, each valid and different, with "
    "exactly one default; removing the default makes the oldest remaining one the default.",
    "C8": "Changing a customer's billing settings leaves existing invoices, projects and sales "
    "cases as they are.",
    "A1": "The first address of a customer becomes its headquarters.",
    "A2": "A customer with addresses has exactly one headquarters, and it is one of its own "
    "addresses.",
    "A3": "Moving the headquarters to another address keeps one headquarters and the same "
    "addresses.",
    "A4": "Removing the headquarters makes the oldest remaining address the headquarters.",
    "P1": "A contact has a first name, a last name and one customer, and shows only on that "
    "customer.",
    "P2": "An inactive contact is hidden from the default list, shown with inactive ones, keeps "
    "its values and comes back when reactivated.",
    "P3": "A deleted contact is in no list, but history still shows its name.",
    "P4": "A contact's keywords and roles are sets; filtering by a keyword gives exactly the "
    "contacts that have it.",
    "P5": "A contact's address, when set, belongs to the contact's own customer.",
    "M1": "A mass update changes the selected customers only.",
    "M2": "A mass update changes all selected customers or none, and names every customer that "
    "stopped it and why.",
    "M3": "Adding market segments keeps each customer's old segments and adds the chosen ones.",
    "M4": "Removing market segments takes away only the chosen ones; removing a missing one does "
    "nothing.",
    "M5": "Setting owner, industry, invoice template, VAT or status sets that one field, to a "
    "value that exists and is active in the organisation.",
    "M6": "Applying the same mass update twice gives the same result as applying it once.",
    "M7": "A mass update reports an outcome for every selected customer and records each change "
    "in the audit log with who, when, before and after.",
    "M8": "Only users with at least Edit permission on customers may run a mass update.",
    "M9": "A mass update started from a customer report changes exactly the customers of that "
    "report's rows.",
    "K1": "Margin this year is this year's billing minus this year's costs, leaving out internal "
    "projects' costs.",
    "K2": "Costs on internal projects never change the margin.",
    "K3": "Billing this month adds up billed invoices of the current month; last month is the "
    "same one calendar month earlier.",
    "K4": "Unsent, unnumbered, out-of-period or hidden invoices change no billing figure, and "
    "renaming a status changes none either.",
    "K5": "Active customers are those with an open sales case or open project that is not "
    "internal; the organisation's own internal customer never counts.",
    "K6": "Prospects are customers with a sales case in progress, no billing and nothing won; "
    "every prospect is also an active customer.",
    "K7": "Every figure is computed over the selected customers and depends only on the data, "
    "the user and the day; every storage gives the same figures.",
    "K8": "Amounts are exact decimals in the organisation's currency, never floating point.",
    "S1": "Winning a sales case sets its probability to 100 and keeps it open as a project; "
    "losing it closes it.",
    "S2": "A project can move to another customer only while it has no invoice and no proposal.",
    "S3": "A project moving to another customer takes its notes and activities along.",
    "S4": "An invoice or sales status that is or was in use can only be disabled, and disabling "
    "it changes no record.",
    "T1": "Every activity is a to-do or a calendar entry and is either planned or past, never "
    "both.",
    "T2": "An activity linked to a project shows on the project and on its customer, and may "
    "only link to a project of the same customer.",
    "T3": "The collaboration board shows each task of the customer's projects in one status "
    "column, with counts and assignees; moving a task changes only its status.",
    "T4": "A task is done exactly when its status is a done status.",
    "N1": "A note is a text that is not blank.",
    "N2": "A note on the customer card shows on that card and on no project.",
    "N3": "A note on a project shows on the project and on its customer's card, and on no other "
    "customer.",
    "U1": "Customer permissions are none, read-only, edit or all, plus a flag allowing deletion.",
    "U2": "None sees nothing; read-only sees every customer and may add activities but change "
    "nothing else.",
    "U3": "Adding, changing or removing a customer's files and links needs Edit.",
    "U4": "Deleting a customer needs Edit or All and the delete flag.",
    "U5": "Money figures are computed only from the invoices and costs the user may see.",
    "R1": "A registry search by a one-word name gives the matching companies; a valid business "
    "id gives that one company.",
    "R2": "Importing a registry company creates a customer with its name, ids, addresses, "
    "website, email and line of business.",
    "R3": "Updating a customer from the registry is offered for Finnish and Norwegian customers "
    "and changes only the fields the user chose.",
    "R4": "A registry that cannot answer properly gives an 'unknown' error, never 'invalid', and "
    "nothing changes.",
    "R5": "A company the registry reports as dissolved or deleted is shown so and never imported "
    "silently.",
    "X1": "A customer report has the columns the user chose and only what the user may see.",
    "X2": "The contacts report lists every visible contact of every visible customer once, "
    "active and inactive unless filtered.",
    "X3": "Notes reports exist for sales cases, projects and customers.",
    "X4": "CSV and Excel exports read back to the same header and rows, and cells that would "
    "start a spreadsheet formula are neutralised.",
    "D1": "Two customers cannot be merged in place: movable projects go to the kept customer "
    "and the other is inactivated.",
    "D2": "Consolidating a duplicate moves every movable project in one transaction, reports "
    "what stayed and inactivates the duplicate only if nothing stayed.",
    "V1": "The customer card has five tabs and a header with name, number, owner and creation "
    "details, editable as permissions allow.",
    "V2": "The contacts tab lists the customer's addresses, contacts, and the files and links of "
    "the customer and its projects.",
    "V3": "The sales tab lists each open and closed sales case and project once.",
    "V4": "The collaboration tab lists activities, tasks, and the notes of the customer and its "
    "projects the user may see.",
    "V5": "The financials tab sums six months of actuals and forecasts and lists invoices; each "
    "sum drills down to exactly its rows.",
})


_LEADING_IDS = re.compile(r"^test_((?:[a-z]\d+_)+)")


def cited_rules(test_name: str) -> list[str]:
    """The rule ids a test name cites, in order: ``test_k4_u5_billing`` -> ``["K4", "U5"]``
    (ids only at the start of the name, after ``test_``; a parametrisation suffix is ignored)."""
    found = _LEADING_IDS.match(test_name)
    if found is None:
        return []
    return [part.upper() for part in found.group(1).split("_") if part]


def rule_summary(rule_id: str) -> str:
    """The one-line summary of ``rule_id`` (any case); KeyError if there is no such rule."""
    return RULES[rule_id.upper()]


__all__ = ["RULES", "RULE_GROUPS", "cited_rules", "rule_summary"]
