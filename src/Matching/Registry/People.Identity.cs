using Tracing.Matching.Model;

namespace Tracing.Matching.Registry;

public sealed partial class People
{
    /// <summary>The identities a person had within retention, to show each scan with the one in force when it was received.</summary>
    public IdentityTimeline IdentitiesOf(uint number)
        => _history.Of(number, Find(number)?.Identity ?? PersonIdentity.None);

    /// <summary>Keeps the visitor of a recorded manual door entry as staff typed them in (it names that scan only, never the phone's owner).</summary>
    public void RecordTypedIdentity(Ledger.ScanCommand scan, PersonIdentity typed)
        => _history.RecordTyped(scan.Person.Number, scan.Venue.Number, scan.ScannedAt.ToUnixTimeSeconds(), scan.Controller, scan.Direction, typed);

    /// <summary>The visitor of a manual door entry as staff typed them in; null for other scans.</summary>
    public PersonIdentity? TypedIdentity(in ScanEvent scan) => _history.Typed(scan);

    /// <summary>The phone to call about a person: their <see cref="Person.ContactPhone"/>, else (a dependent without a phone) their guardian's.</summary>
    public string PhoneToReach(Person person) => Reached(person)?.ContactPhone ?? "";

    /// <summary>
    /// Whether <see cref="PhoneToReach"/> is a phone its holder verified by sign-in (their own, or their guardian's). A
    /// declared or typed-in phone was only written down: it may be anyone's, so the health department confirms it first.
    /// </summary>
    public bool PhoneToReachIsVerified(Person person)
        => Reached(person) is { PhoneVerified: true, Phone.Length: > 0 } reached && reached.ContactPhone == reached.Phone;

    /// <summary>Whose phone tracing calls about the person: theirs, or (a dependent without a phone) their guardian's.</summary>
    private Person? Reached(Person person)
        => person.ContactPhone.Length > 0 || person.GuardianUserId.Length == 0 ? person : Find(person.GuardianUserId);
}
