"""Messages of the entry forms (``pingyi export template --kind``, ``pingyi import KIND``)."""

from ..i18n import N_

MESSAGES = {
    "form-needs-org": N_("the {kind} form is made for one org: give --org ORG"),
    "form-ballots": N_(
        "the democratic evaluation of {org} for {year} is kept as ballots; the form holds the tally (averages), "
        "so it would replace them: edit the ballots in the YAML file instead"
    ),
    "form-needs-round": N_("no round has the id `{round}`: give the round's id with --round (see rounds/)"),
    "form-kind": N_("`{kind}` is no kind of form; write one of {kinds}"),
    "form-unreadable": N_("{file} cannot be read as a form: {reason}"),
    "form-not-pingyi": N_(
        "{file} is not an entry form made by pingyi (or its hidden sheet was changed); make one with "
        "`pingyi export template --kind KIND` and fill that in"
    ),
    "form-too-big": N_("{file} holds more rows than a form pingyi made; split it"),
    "form-required": N_("{field} is empty; fill it in (or empty the whole row to leave it out)"),
    "form-too-long": N_("{field} holds more than {n} characters; shorten it"),
    "form-formula": N_("{field} holds a formula; write the value itself"),
    "form-int": N_("{field}: `{value}` is not a whole number of 0 or more; write a number such as 12"),
    "form-score": N_("{field}: `{value}` is not a number from 0 to {max}; write a number such as 8.5"),
    "form-date": N_("{field}: `{value}` is not a date; write it as 2024-05-01"),
    "form-code": N_("{field}: `{value}` is not one of {allowed}; choose from the list"),
    "form-unknown-id": N_("{field}: `{value}` is no id or exact name of this workspace; write the id (see orgs/)"),
    "form-stale-ref": N_(
        "the hidden reference of this row ({ref}) no longer matches a record (the YAML files changed since the form "
        "was made); the row is read as a new record"
    ),
}
