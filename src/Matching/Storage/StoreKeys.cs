using System.Buffers.Binary;
using System.Text;

namespace Tracing.Matching.Storage;

/// <summary>
/// The key space of the general store: one prefix byte per kind of record, then the record's identity.
/// (Day-partitioned data, sightings and scans, lives in the day stores.)
/// </summary>
internal static class StoreKeys
{
    private const byte Person = (byte)'U';
    private const byte PersonByNumber = (byte)'N';
    private const byte PersonByPhone = (byte)'P';
    private const byte Counter = (byte)'C';
    private const byte Venue = (byte)'V';
    private const byte VenueByNumber = (byte)'W';
    private const byte ManagedVenues = (byte)'M';
    private const byte VenueUnits = (byte)'K';
    private const byte VenueManagers = (byte)'m';
    private const byte VenueAccessRequest = (byte)'j';
    private const byte Declaration = (byte)'D';
    private const byte DeclarationOfSubject = (byte)'d';
    private const byte ContactBatch = (byte)'B';
    private const byte Case = (byte)'F';
    private const byte VerificationCode = (byte)'G';
    private const byte PersonExposures = (byte)'X';
    private const byte Notification = (byte)'Q';
    private const byte Otp = (byte)'H';
    private const byte VenueList = (byte)'L';
    private const byte Safety = (byte)'S';
    private const byte Feedback = (byte)'Y';
    private const byte FeedbackBy = (byte)'Z';
    private const byte DeclarationsOfDay = (byte)'R';
    private const byte AssessmentsOfDay = (byte)'A';
    private const byte VenuesInRegion = (byte)'O';
    private const byte VenuesInMapCell = (byte)'c';
    private const byte Expiring = (byte)'E';
    private const byte IdentityHistory = (byte)'i';
    private const byte TypedIdentity = (byte)'e';
    private const byte Dependent = (byte)'g';

    public static byte[] ForPerson(string userId) => Text(Person, userId);
    public static byte[] ForPersonNumber(uint number) => Number(PersonByNumber, number);
    public static byte[] ForPhone(string phone) => Text(PersonByPhone, phone);
    public static byte[] ForCounter(string name) => Text(Counter, name);
    public static byte[] ForVenue(string venueId) => Text(Venue, venueId);
    public static byte[] ForVenueNumber(uint number) => Number(VenueByNumber, number);
    public static byte[] ForManagedVenues(string userId) => Text(ManagedVenues, userId);
    public static byte[] ForVenueUnits(uint venue) => Number(VenueUnits, venue);
    /// <summary>The people who manage a venue directly (the reverse of <see cref="ForManagedVenues"/>).</summary>
    public static byte[] ForVenueManagers(uint venue) => Number(VenueManagers, venue);
    /// <summary>A person's pending request for access to a venue.</summary>
    public static byte[] ForVenueAccessRequest(uint venue, string userId) => Text(VenueAccessRequest, $"{venue}:{userId}");
    /// <summary>How many access requests a person made on a Vietnam day, whatever the venue.</summary>
    public static byte[] ForVenueAccessRequestsOfDay(string userId, long day) => Text(VenueAccessRequest, $"day:{day}:{userId}");
    public static byte[] ForAllVenues() => [VenueList];
    public static byte[] ForDeclaration(string declarationId) => Text(Declaration, declarationId);
    public static byte[] ForDeclarationOfSubject(string userId) => Text(DeclarationOfSubject, userId);
    public static byte[] ForContactBatch(string userId, string batchId) => Text(ContactBatch, userId + "\n" + batchId);
    public static byte[] ForCase(string caseId) => Text(Case, caseId);
    public static byte[] ForVerificationCode(string code) => Text(VerificationCode, code);
    public static byte[] ForPersonExposures(uint person) => Number(PersonExposures, person);
    public static byte[] ForOtp(string phone) => Text(Otp, phone);
    public static byte[] ForSafety(uint venue) => Number(Safety, venue);
    public static byte[] ForFeedback(uint venue, ulong sequence) => Text(Feedback, $"{venue}:{sequence}");
    public static byte[] ForFeedbackBy(uint person, long day) => Text(FeedbackBy, $"{person}:{day}");
    /// <summary>The regions of the declarations filed on a Vietnam day (<see cref="VietnamTime.DayNumberOf"/>).</summary>
    public static byte[] ForDeclarationsOfDay(long day) => Text(DeclarationsOfDay, day.ToString(System.Globalization.CultureInfo.InvariantCulture));
    /// <summary>The venues self-assessed on a Vietnam day.</summary>
    public static byte[] ForAssessmentsOfDay(long day) => Text(AssessmentsOfDay, day.ToString(System.Globalization.CultureInfo.InvariantCulture));
    /// <summary>The venues of a province, district or ward (codes of 2, 3 and 5 digits never collide).</summary>
    public static byte[] ForVenuesInRegion(string regionCode) => Text(VenuesInRegion, regionCode);
    /// <summary>The venues whose position lies in a cell of the map (see <see cref="Registry.MapCell"/>).</summary>
    public static byte[] ForVenuesInMapCell(Registry.MapCell cell)
    {
        var key = new byte[1 + sizeof(int) + sizeof(int)];
        key[0] = VenuesInMapCell;
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(1), cell.Row);
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(1 + sizeof(int)), cell.Column);
        return key;
    }

    /// <summary>One of the lists of keys to delete once a UTC day is past retention (see <see cref="Expiries"/>).</summary>
    public static byte[] ForExpiring(long day, int bucket) => Text(Expiring, $"{day}:{bucket}");

    /// <summary>The identities a person had within retention (see <see cref="Registry.IdentityHistory"/>).</summary>
    public static byte[] ForIdentityHistory(uint person) => Number(IdentityHistory, person);

    /// <summary>The visitor as staff typed them in for one manual door entry: the scan's person, venue, time, controller and direction.</summary>
    public static byte[] ForTypedIdentity(uint person, uint venue, long at, uint controller, byte direction)
    {
        var key = new byte[1 + sizeof(uint) + sizeof(uint) + sizeof(long) + sizeof(uint) + 1];
        key[0] = TypedIdentity;
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(1), person);
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(5), venue);
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(9), at);
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(17), controller);
        key[21] = direction;
        return key;
    }

    /// <summary>A declarer's family member, by the key <see cref="Registry.People"/> gives dependents (their phone, or name and birth year).</summary>
    public static byte[] ForDependent(string guardianUserId, string dependentKey) => Text(Dependent, guardianUserId + "\n" + dependentKey);

    /// <summary>Notification <paramref name="sequence"/> of a feed (a province code, or "*" for all).</summary>
    public static byte[] ForNotification(string feed, ulong sequence)
    {
        var key = new byte[1 + Encoding.UTF8.GetByteCount(feed) + 1 + sizeof(ulong)];
        key[0] = Notification;
        var length = Encoding.UTF8.GetBytes(feed, key.AsSpan(1));
        key[1 + length] = (byte)'\n';
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(2 + length), sequence);
        return key;
    }

    private static byte[] Text(byte prefix, string text)
    {
        var key = new byte[1 + Encoding.UTF8.GetByteCount(text)];
        key[0] = prefix;
        Encoding.UTF8.GetBytes(text, key.AsSpan(1));
        return key;
    }

    private static byte[] Number(byte prefix, uint number)
    {
        var key = new byte[1 + sizeof(uint)];
        key[0] = prefix;
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(1), number);
        return key;
    }
}
